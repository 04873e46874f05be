"""POST /api/v1/sightings/: JSON or multipart, same validation as the form, 400s name the field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from surveillance_map.sightings.models import Sighting
from tests.factories import gps_exif, jpeg_bytes

pytestmark = pytest.mark.django_db
URL = "/api/v1/sightings/"
GOOD = {"latitude": 47.38, "longitude": 8.54, "surveillance_type": "camera", "direction": 90}


def post_json(client, payload):
    return client.post(URL, payload, content_type="application/json")


def test_a_json_sighting_is_accepted_with_a_receipt_link(client):
    response = post_json(client, {**GOOD, "capabilities": ["ptz"], "note": "by the bank"})
    assert response.status_code == 201
    body = response.json()
    sighting = Sighting.objects.get()
    assert body["token"] == sighting.token and body["status"] == "pending"
    assert body["receipt"].endswith(f"/sightings/{sighting.token}/")
    assert sighting.capabilities == ["ptz"] and sighting.kind == "new"


def test_photos_come_as_multipart(client):
    photo = SimpleUploadedFile("p.jpg", jpeg_bytes(exif=gps_exif()), "image/jpeg")
    response = client.post(URL, {**GOOD, "photos": [photo]})
    assert response.status_code == 201
    assert response.json()["photos"] == 1


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"latitude": 123}, "latitude", "Latitude must be a number from -90 to 90."),
        ({"direction": 400}, "direction", "Direction must be a whole number"),
        ({"mount": "spaceship"}, "mount", "spaceship is not one of the available choices"),
        ({"capabilities": ["telepathy"]}, "capabilities", "telepathy is not one of"),
        ({"kind": "gone"}, "camera", "Say which camera this is about."),
        ({"remote_addr": "1.2.3.4"}, "remote_addr", "Unknown field."),
        ({"photos": ["aGVsbG8="]}, "photos", "Send photos as files in multipart/form-data."),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, payload, field, message):
    response = post_json(client, {**GOOD, **payload})
    assert response.status_code == 400
    assert any(message in text for text in response.json()["errors"][field])
    assert not Sighting.objects.exists()


def test_a_bad_photo_is_a_400_on_photos(client):
    fake = SimpleUploadedFile("x.jpg", b"plain text, not an image", "image/jpeg")
    response = client.post(URL, {**GOOD, "photos": [fake]})
    assert response.status_code == 400
    assert "not a JPEG, PNG or WebP" in response.json()["errors"]["photos"][0]


def test_malformed_json_and_non_objects_are_400(client):
    assert client.post(URL, "{nope", content_type="application/json").status_code == 400
    assert post_json(client, [1, 2]).status_code == 400
    assert not Sighting.objects.exists()
