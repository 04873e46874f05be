"""Moderators upload a camera file in the admin; a job imports it, with progress and the
rejection report on the job's page."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from surveillance_map.cameras.models import Camera
from surveillance_map.imports.models import ImportBatch, Source
from surveillance_map.jobs.models import Job
from tests.factories import log_in_verified, make_moderator

pytestmark = pytest.mark.django_db
URL = "/admin/imports/importbatch/upload/"
CSV = (
    "camera_id,location,X,Y\n"
    "1,Station Road,-2.2847,53.4645\n"
    "2,Nowhere,,\n"  # no coordinates: rejected with its line
    "3,Market Street,-2.2890,53.4664\n"
)


@pytest.fixture
def moderator(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    user = make_moderator(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_importbatch", "view_importbatch", "view_job"])
    )
    log_in_verified(client, user)
    return user


def upload(client, **fields):
    source = Source.objects.create(name="Trafford CCTV", slug="trafford", licence="OGL-3.0")
    data = {
        "file": SimpleUploadedFile("trafford.csv", CSV.encode(), "text/csv"),
        "source": source.pk,
        "format": "auto",
        "column_map": "lon=X,lat=Y,ref=camera_id,name=location",
        **fields,
    }
    return client.post(URL, data)


def test_an_uploaded_file_is_imported_by_a_job_with_its_rejections(
    client, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/change/")
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.message
    assert (job.result["created"], job.result["rejected"]) == (2, 1)
    assert Camera.objects.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Rejected records" in page and "line 3" in page
    report = client.get(job.result["report_url"])
    assert report.status_code == 200 and b"rejected" in b"".join(report.streaming_content)
    assert ImportBatch.objects.get().report_path == job.result["report_path"]


def test_a_bad_column_map_is_refused_on_the_form(client, moderator):
    response = upload(client, column_map="latitude")
    assert response.status_code == 200
    assert not Job.objects.exists()


def test_an_unreadable_file_fails_the_job_visibly(
    client, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, format="geojson")
    job = Job.objects.get()
    assert job.state == Job.State.FAILED and "cannot be read" in job.message


def test_only_moderators_with_the_permission_may_upload(client, db):
    log_in_verified(client, make_moderator("bob", is_staff=True))  # staff, without the permission
    assert client.get(URL).status_code == 403
