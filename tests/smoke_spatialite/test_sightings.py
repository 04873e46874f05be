"""Sightings on the embedded database: submit with a photo, nearby check, approve, revert."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from surveillance_map.sightings import services
from surveillance_map.sightings.models import Sighting
from tests.factories import DEFAULT_LAT, DEFAULT_LON, make_camera

pytestmark = pytest.mark.django_db


def test_a_sighting_goes_from_the_form_to_a_camera_and_back(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    existing = make_camera()
    nearby = client.get("/submit/nearby/", {"lat": DEFAULT_LAT, "lon": DEFAULT_LON}).json()
    assert [c["id"] for c in nearby["cameras"]] == [existing.pk]

    photo = io.BytesIO()
    Image.new("RGB", (40, 30)).save(photo, format="JPEG")
    response = client.post(
        "/submit/",
        {
            "latitude": DEFAULT_LAT + 0.01,
            "longitude": DEFAULT_LON,
            "mount": "pole",
            "photos": [SimpleUploadedFile("p.jpg", photo.getvalue(), "image/jpeg")],
        },
    )
    assert response.status_code == 302
    moderator = get_user_model().objects.create_user("mo")
    sighting = services.sighting_approve(sighting=Sighting.objects.get(), moderator=moderator)
    camera = sighting.camera
    edit = services.sighting_submit(
        kind="edit", camera=camera, fields={"location": camera.location, "mount": "tree"}
    )
    services.sighting_approve(sighting=edit, moderator=moderator)
    services.revision_revert(camera=camera, revision=camera.revisions.first(), moderator=moderator)
    camera.refresh_from_db()
    assert camera.mount == "pole"
    assert list(camera.revisions.values_list("action", flat=True)) == ["create", "update", "revert"]
