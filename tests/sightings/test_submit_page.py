"""The /submit/ page: a sighting in one post, and every bad input a clear message, not a 500."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveillance_map.cameras.models import Camera
from surveillance_map.sightings.models import Sighting
from tests.factories import DEFAULT_LAT, DEFAULT_LON, gps_exif, jpeg_bytes, make_camera

pytestmark = pytest.mark.django_db
URL = "/submit/"


def valid(**overrides):
    data = {
        "kind": "new",
        "latitude": "47.38",
        "longitude": "8.54",
        "surveillance_type": "ALPR",
        "mount": "pole",
        "direction": "270",
        "angle_of_view": "60",
        "capabilities": ["plate_reading", "infrared"],
        "note": "Facing the car park entrance",
    }
    data.update(overrides)
    return data


def jpeg_upload(data=None, name="photo.jpg"):
    return SimpleUploadedFile(name, data or jpeg_bytes(exif=gps_exif()), "image/jpeg")


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_the_form_renders_with_the_vocabularies(client):
    page = client.get(URL).content.decode()
    assert 'value="ALPR"' in page and 'value="street_lamp"' in page
    assert 'name="website"' in page  # the honeypot


def test_a_sighting_with_a_photo_goes_to_its_receipt(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the photo job runs on commit
        response = client.post(URL, {**valid(), "photos": [jpeg_upload()]})
    sighting = Sighting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sightings:receipt", args=[sighting.token])
    assert (sighting.surveillance_type, sighting.direction) == ("ALPR", 270)
    assert sighting.capabilities == ["infrared", "plate_reading"]
    assert sighting.photos.count() == 1
    receipt = client.get(response["Location"]).content.decode()
    assert "Waiting for review" in receipt and date.today().strftime("%Y") in receipt


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("latitude", "91", "Latitude must be a number from -90 to 90."),
        ("longitude", "-180.5", "Longitude must be a number from -180 to 180."),
        ("latitude", "north", "Latitude must be a number from -90 to 90."),
        ("mount", "spaceship", "Select a valid choice. spaceship is not one of"),
        ("capabilities", "mind_reading", "Select a valid choice. mind_reading is not one of"),
        ("direction", "400", "Direction must be a whole number of degrees from 0 to 359."),
        ("angle_of_view", "0", "Angle of view must be a whole number of degrees from 1 to 360."),
        ("website", "http://spam.example", "This field must stay empty."),
    ],
)
def test_bad_values_get_a_clear_message_and_save_nothing(client, field, value, message):
    response = client.post(URL, valid(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Sighting.objects.exists()


def test_a_missing_position_asks_to_put_the_camera_on_the_map(client):
    response = client.post(URL, valid(latitude="", longitude=""))
    assert "Put the camera on the map" in response.content.decode()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"\0" * (30 * 1024 * 1024)), "too large"),
        (SimpleUploadedFile("notes.jpg", b"just some text\n" * 50), "not a JPEG, PNG or WebP"),
    ],
    ids=["30 MB", "text renamed .jpg"],
)
def test_bad_photos_get_a_clear_message_and_leave_nothing_behind(client, settings, upload, message):
    response = client.post(URL, {**valid(), "photos": [jpeg_upload(), upload]})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Sighting.objects.exists()
    assert stored_files(settings) == []


def test_a_damaged_photo_is_accepted_and_its_receipt_says_why_it_was_not_used(
    client, settings, django_capture_on_commit_callbacks
):
    # The header is fine; only decoding, in the photo job, finds the data cut short.
    cut = SimpleUploadedFile("cut.jpg", jpeg_bytes(size=(400, 300))[:900], "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**valid(), "photos": [jpeg_upload(), cut]})
    assert response.status_code == 302
    sighting = Sighting.objects.get()
    assert sighting.photos.count() == 1
    receipt = client.get(response["Location"]).content.decode()
    assert "Photo 2 of sighting" in receipt and "damaged or incomplete" in receipt
    assert not list((Path(settings.MEDIA_ROOT) / "uploads").iterdir())  # uploads are gone


def test_too_many_photos_are_refused(client, settings):
    settings.SIGHTING_PHOTOS_MAX = 1
    response = client.post(URL, {**valid(), "photos": [jpeg_upload(), jpeg_upload()]})
    assert "At most 1 photos" in response.content.decode()


def test_a_request_beyond_every_limit_is_refused_before_reading(client, settings):
    settings.SIGHTING_PHOTO_MAX_BYTES = 1024
    settings.SIGHTING_PHOTOS_MAX = 1
    big = SimpleUploadedFile("big.jpg", b"\0" * (2 * 1024 * 1024))
    response = client.post(URL, {**valid(), "photos": [big]})
    assert response.status_code == 413
    assert not Sighting.objects.exists()


def test_the_rate_limit_stops_a_flood(client, settings):
    settings.SIGHTINGS_PER_HOUR = 2
    codes = [client.post(URL, valid()).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert Sighting.objects.count() == 2


def test_choosing_a_nearby_camera_confirms_it_instead_of_adding_one(client):
    camera = make_camera()
    client.post(URL, valid(kind="confirm", camera=str(camera.pk), note=""))
    camera.refresh_from_db()
    assert camera.last_verified == date.today()
    assert Camera.objects.count() == 1
    assert Sighting.objects.get().kind == "confirm"


def test_a_report_about_an_unknown_camera_is_refused(client):
    response = client.post(URL, valid(kind="gone", camera="999999"))
    assert "There is no camera #999999." in response.content.decode()


def test_the_edit_form_is_prefilled_with_the_camera(client):
    camera = make_camera(mount="street_lamp", direction=123)
    page = client.get(f"{URL}?camera={camera.pk}&kind=edit").content.decode()
    assert re.search(r'value="street_lamp"[^>]*checked', page)
    assert re.search(r'name="direction"[^>]*value="123"', page)
    assert f"Something is wrong with camera #{camera.pk}" in page


def test_nearby_lists_cameras_within_30_metres_only(client):
    close = make_camera()
    make_camera(location=f"SRID=4326;POINT({DEFAULT_LON} {DEFAULT_LAT + 0.0005})")  # ~55 m
    data = client.get("/submit/nearby/", {"lat": DEFAULT_LAT + 0.0001, "lon": DEFAULT_LON}).json()
    assert [c["id"] for c in data["cameras"]] == [close.pk]
    assert data["cameras"][0]["distance"] == 11


def test_nearby_refuses_bad_coordinates(client):
    assert client.get("/submit/nearby/", {"lat": "95", "lon": "8"}).status_code == 400
    assert client.get("/submit/nearby/", {"lat": "x"}).status_code == 400
