"""The admin's "Upload a camera file": a moderator picks the file, its source, format and
column map; the import runs as a background job whose page shows progress and rejections."""

import secrets
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import get_valid_filename

from surveillance_map.imports.models import Source
from surveillance_map.imports.readers import FORMATS, parse_column_map
from surveillance_map.imports.tasks import IMPORT_TASK, import_upload
from surveillance_map.jobs.models import Job
from surveillance_map.jobs.runner import enqueue

UPLOAD_PERMISSION = "imports.add_importbatch"


class UploadForm(forms.Form):
    file = forms.FileField(help_text="OSM XML/PBF, Overpass JSON, GeoJSON or CSV.")
    source = forms.ModelChoiceField(
        Source.objects.all(), help_text="Where the data comes from (add it first if new)."
    )
    format = forms.ChoiceField(choices=[("auto", "Detect")] + [(f, f) for f in FORMATS])
    column_map = forms.CharField(
        required=False,
        help_text="Columns/properties to use, e.g. lat=Y,lon=X,name=location,ref=camera_id",
    )
    dry_run = forms.BooleanField(required=False, help_text="Report only; save nothing.")

    def clean_column_map(self):
        text = self.cleaned_data["column_map"]
        try:
            parse_column_map(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return text


def _check(request) -> None:
    if not request.user.has_perm(UPLOAD_PERMISSION):
        raise PermissionDenied("You may not upload camera files.")


def upload_view(model_admin, request):
    _check(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        name = get_valid_filename(Path(data["file"].name).name) or "upload"
        stored = default_storage.save(f"imports/{secrets.token_hex(8)}/{name}", data["file"])
        job = enqueue(
            import_upload,
            label=f"Import of {name} into {data['source']}",
            subject=f"source:{data['source'].pk}",
            payload={
                "file": stored,
                "source": data["source"].pk,
                "format": data["format"],
                "map": data["column_map"],
                "dry_run": data["dry_run"],
            },
            user=request.user,
        )
        return redirect("admin:jobs_job_change", job.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Upload a camera file",
        "form": form,
        "opts": model_admin.model._meta,
        "recent": Job.objects.filter(task=IMPORT_TASK)[:10],
    }
    return TemplateResponse(request, "admin/imports/upload.html", context)


def report_view(model_admin, request, job_id: int):
    """The full rejection report (CSV) of an import job."""
    _check(request)
    job = get_object_or_404(Job, pk=job_id, task=IMPORT_TASK)
    path = Path(job.result.get("report_path", ""))
    if not path.is_file():
        raise Http404("No report for this job.")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


def upload_urls(model_admin) -> list:
    from django.urls import path

    site = model_admin.admin_site
    return [
        path(
            "upload/",
            site.admin_view(lambda r: upload_view(model_admin, r)),
            name="imports_importbatch_upload",
        ),
        path(
            "report/<int:job_id>.csv",
            site.admin_view(lambda r, job_id: report_view(model_admin, r, job_id)),
            name="imports_importbatch_report",
        ),
    ]
