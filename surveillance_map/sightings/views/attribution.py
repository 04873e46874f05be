"""Bulk attribution for moderators: select cameras (area, box, filters), link them to a program,
operator or vendor citing one Evidence record; list the batches and revert one as a whole."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from surveillance_map.areas.filters import parse_filters
from surveillance_map.areas.models import Area
from surveillance_map.cameras.filters import FilterError, apply_camera_filters
from surveillance_map.cameras.selectors import camera_list
from surveillance_map.cameras.vocabularies import CameraType, Mount, SurveillanceType
from surveillance_map.lib.text import whole_number
from surveillance_map.sightings.views.moderation import moderator_required
from surveillance_map.transparency.attributions import attribution_apply, attribution_revert
from surveillance_map.transparency.evidence import evidence_create
from surveillance_map.transparency.models import Attribution, Evidence, Operator, Program, Vendor

# The selection a moderator can make, as camera filter parameters.
SELECTION = (
    "area",
    "bbox",
    "surveillance_type",
    "camera_type",
    "mount",
    "operator",
    "vendor",
    "missing",
)
TARGETS = {"program": Program, "operator": Operator, "vendor": Vendor}


def _selection(params) -> dict:
    return {name: params[name].strip() for name in SELECTION if params.get(name, "").strip()}


def _selected(selection: dict):
    return apply_camera_filters(camera_list(), **parse_filters(selection))


@moderator_required
def attribution_page(request):
    selection = _selection(request.GET)
    count, error = None, ""
    if selection:
        try:
            count = _selected(selection).count()
        except FilterError as problem:
            error = f"{problem.param}: {problem.message}"
    return render(
        request,
        "sightings/moderation/attribution.html",
        {
            "selection": selection,
            "count": count,
            "error": error,
            "map_query": urlencode(selection),
            "areas": Area.objects.defer("geometry"),
            "choices": [
                ("surveillance_type", _("Type"), SurveillanceType.choices),
                ("camera_type", _("Camera type"), CameraType.choices),
                ("mount", _("Mounted on"), Mount.choices),
            ],
            "programs": Program.objects.all(),
            "operators": Operator.objects.public(),
            "vendors": Vendor.objects.public(),
            "evidence": Evidence.objects.order_by("-id")[:50],
            "evidence_kinds": Evidence.Kind.choices,
            "batches": Attribution.objects.select_related(
                "evidence", "program", "operator", "vendor", "created_by"
            )[:30],
        },
    )


def _evidence(request) -> Evidence:
    chosen = whole_number(request.POST.get("evidence_id", ""))
    if chosen is not None:
        return get_object_or_404(Evidence, pk=chosen)
    return evidence_create(
        kind=request.POST.get("evidence_kind", "other"),
        title=request.POST.get("evidence_title", ""),
        url=request.POST.get("evidence_url", "").strip(),
        upload=request.FILES.get("evidence_file"),
        supports=[request.POST.get("link", "")],
    )


@require_POST
@moderator_required
def attribution_create(request):
    selection = _selection(request.POST)
    back = (
        reverse("sightings:attributions") + "?" + "&".join(f"{k}={v}" for k, v in selection.items())
    )
    link = request.POST.get("link", "")
    model = TARGETS.get(link)
    target = model and model.objects.filter(slug=request.POST.get(f"{link}_slug", "")).first()
    if not selection or target is None:
        messages.error(request, _("Choose the cameras and what to link them to."))
        return redirect(back)
    try:
        with transaction.atomic():
            batch = attribution_apply(
                link=link,
                target=target,
                evidence=_evidence(request),
                cameras=_selected(selection),
                selection=selection,
                moderator=request.user,
            )
    except FilterError as error:
        messages.error(request, f"{error.param}: {error.message}")
    except ValidationError as error:
        messages.error(
            request, _("Not applied: %(reason)s") % {"reason": "; ".join(error.messages)}
        )
    else:
        messages.success(
            request,
            _("Attribution #%(id)s: %(n)d cameras linked to %(target)s.")
            % {"id": batch.pk, "n": batch.revisions.count(), "target": target.name},
        )
    return redirect(back)


@require_POST
@moderator_required
def attribution_undo(request, attribution_id: int):
    batch = get_object_or_404(Attribution, pk=attribution_id)
    try:
        reverted, skipped = attribution_revert(attribution=batch, moderator=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Attribution #%(id)s reverted on %(n)d cameras (%(skipped)d changed since, left).")
            % {"id": batch.pk, "n": reverted, "skipped": skipped},
        )
    return redirect("sightings:attributions")
