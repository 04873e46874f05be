"""Photos are sized from their headers before any pixel is decoded; big ones decode small."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from surveillance_map.sightings import photos
from surveillance_map.sightings.photos import check_photos, clean_photo, decode_plan, webp_size
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db


def image_file(size, fmt="PNG", mode="RGB", name="p.png", **save) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new(mode, size).save(out, format=fmt, **save)
    return SimpleUploadedFile(name, out.getvalue(), "image/*")


def test_a_big_jpeg_decodes_at_a_fraction_of_its_size():
    plan = decode_plan(SimpleUploadedFile("p.jpg", jpeg_bytes(size=(8000, 6000))))
    assert plan.scale == 4 and plan.pixels == 2000 * 1500
    clean = clean_photo(SimpleUploadedFile("p.jpg", jpeg_bytes(size=(8000, 6000))))
    assert 0.6 * photos.MAX_EDGE <= clean.width <= photos.MAX_EDGE


def test_a_png_too_big_to_decode_is_refused_from_its_header(settings, monkeypatch):
    settings.SIGHTING_DECODE_MAX_BYTES = 10_000
    big = image_file((100, 100), mode="RGBA")
    opened = []
    monkeypatch.setattr(Image.Image, "load", lambda self: opened.append(self))
    with pytest.raises(ValidationError, match="too many pixels for its format"):
        decode_plan(big)
    assert not opened  # no pixel was decoded


def test_a_webp_is_sized_without_pillow_opening_it(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("Pillow opened the file")

    big = image_file((3000, 2000), fmt="WEBP", name="p.webp", quality=50)
    assert webp_size(big.read(30)) == (3000, 2000)
    monkeypatch.setattr(Image, "open", refuse)
    with pytest.raises(ValidationError, match="too many pixels for its format"):
        decode_plan(big)


@pytest.mark.parametrize("lossless", [True, False])
def test_webp_sizes_are_read_from_every_kind_of_header(lossless):
    out = io.BytesIO()
    Image.new("RGBA" if lossless else "RGB", (123, 45)).save(out, "WEBP", lossless=lossless)
    assert webp_size(out.getvalue()[:30]) == (123, 45)


def test_the_request_budget_counts_every_photo_before_decoding_any(settings, monkeypatch):
    settings.SIGHTING_DECODE_PIXELS_PER_REQUEST = 50_000
    decoded = []
    monkeypatch.setattr(photos, "_decode", lambda *a: decoded.append(a))
    uploads = [image_file((150, 150)), image_file((150, 150)), image_file((150, 150))]
    with pytest.raises(ValidationError, match="too many pixels together"):
        check_photos(uploads, ["a", "b", "c"])
    assert not decoded


def test_the_form_refuses_an_over_budget_request_with_a_clear_message(client, settings):
    settings.SIGHTING_DECODE_PIXELS_PER_REQUEST = 40_000
    response = client.post(
        "/api/v1/sightings/",
        {
            "latitude": "47.4",
            "longitude": "8.5",
            "photos": [image_file((150, 150)), image_file((150, 150), name="q.png")],
        },
    )
    assert response.status_code == 400
    assert "too many pixels together" in response.json()["errors"]["photos"][0]


def test_a_palette_png_with_transparency_is_flattened_on_white():
    image = Image.new("P", (3000, 10), 0)
    image.putpalette([255, 0, 0] * 256)
    out = io.BytesIO()
    image.save(out, format="PNG", transparency=0)
    clean = clean_photo(SimpleUploadedFile("p.png", out.getvalue(), "image/png"))
    assert clean.width == photos.MAX_EDGE
    assert Image.open(io.BytesIO(clean.image)).getpixel((5, 5))[0] > 240  # white, not red
