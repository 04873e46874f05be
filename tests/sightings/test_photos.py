"""Photos: only real JPEG/PNG/WebP, within limits, re-encoded with no metadata left."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from surveillance_map.sightings.photos import MAX_EDGE, THUMB_EDGE, clean_photo
from tests.factories import gps_exif, jpeg_bytes, make_sighting


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_phone_jpeg_with_gps_is_stored_without_any_metadata(db):
    original = jpeg_bytes(size=(640, 480), exif=gps_exif(), comment=b"taken by Bob")
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test photo has GPS
    sighting = make_sighting(photos=[clean_photo(upload(original))])
    (photo,) = sighting.photos.all()
    for field in (photo.image, photo.thumbnail):
        with default_storage.open(field.name, "rb") as handle:
            stored = handle.read()
        image = Image.open(io.BytesIO(stored))
        assert image.format == "JPEG"
        assert not image.getexif()
        assert not image.getexif().get_ifd(0x8825)
        assert not {"exif", "comment", "icc_profile", "xmp"} & set(image.info)
        assert b"PhoneMaker" not in stored and b"Bob" not in stored


def test_stored_names_are_random_and_say_nothing_of_the_upload(db):
    sighting = make_sighting(
        photos=[clean_photo(upload(jpeg_bytes(), name="IMG_2026-11-26_Bobs_phone.jpg"))]
    )
    (photo,) = sighting.photos.all()
    assert "Bob" not in photo.image.name and "IMG" not in photo.image.name
    assert photo.image.name != photo.thumbnail.name


def test_png_text_chunks_and_transparency_do_not_survive():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Bob Example")
    out = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 0, 0)).save(out, format="PNG", pnginfo=info)
    clean = clean_photo(upload(out.getvalue(), "x.png", "image/png"))
    image = Image.open(io.BytesIO(clean.image))
    assert image.mode == "RGB" and image.getpixel((10, 10)) == (255, 255, 255)
    assert b"Bob Example" not in clean.image


def test_large_photos_are_resized_with_a_small_thumbnail():
    clean = clean_photo(upload(jpeg_bytes(size=(2400, 800))))
    assert (clean.width, clean.height) == (MAX_EDGE, 683)
    assert max(Image.open(io.BytesIO(clean.thumbnail)).size) == THUMB_EDGE


def test_exif_orientation_is_applied_before_it_is_dropped():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    clean = clean_photo(upload(jpeg_bytes(size=(80, 40), exif=exif)))
    assert (clean.width, clean.height) == (40, 80)


def test_an_oversized_file_is_refused_with_its_size(settings):
    settings.SIGHTING_PHOTO_MAX_BYTES = 5 * 1024 * 1024
    with pytest.raises(ValidationError, match=r"too large \(30\.0 MB; the limit is 5\.0 MB\)"):
        clean_photo(upload(b"\xff\xd8" + b"\0" * (30 * 1024 * 1024)))


def test_too_many_pixels_is_refused_before_decoding(settings):
    settings.SIGHTING_PHOTO_MAX_PIXELS = 10_000
    with pytest.raises(ValidationError, match="too many pixels"):
        clean_photo(upload(jpeg_bytes(size=(200, 200))))


def test_a_decompression_bomb_is_refused(monkeypatch, settings):
    settings.SIGHTING_PHOTO_MAX_PIXELS = 10**9
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError, match="too many pixels"):
        clean_photo(upload(jpeg_bytes(size=(200, 200))))


def test_a_truncated_jpeg_is_refused():
    data = jpeg_bytes(size=(400, 300), color=(10, 200, 90))
    with pytest.raises(ValidationError, match="damaged or incomplete"):
        clean_photo(upload(data[: len(data) // 2]))


def test_a_text_file_renamed_jpg_is_refused():
    with pytest.raises(ValidationError, match="not a JPEG, PNG or WebP"):
        clean_photo(upload(b"hello, I am text\n" * 20, "notes.jpg"))


def test_other_image_formats_are_refused():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ValidationError, match="not a JPEG, PNG or WebP"):
        clean_photo(upload(out.getvalue(), "x.gif", "image/gif"))
