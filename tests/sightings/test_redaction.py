"""Bystanders: the detector proposes faces and plates, the moderator's rectangles are blurred into
the stored photo, a photo is published only once checked, and no unblurred copy outlives it.

Test photos (tests/data/bystanders/, from scikit-image's sample data, see the README there):
astronaut.jpg (a frontal face), camera.jpg (a face in three-quarter profile), coffee.jpg and
chelsea.jpg (no person: a cup, a cat). Number plates are drawn here, on a plain car-like shape.
"""

import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont, ImageStat
from PIL.ImageFilter import FIND_EDGES

from surveillance_map.cameras.models import Camera
from surveillance_map.sightings import redaction, services
from surveillance_map.sightings.models import Sighting
from surveillance_map.sightings.photos import clean_photo
from tests.conftest import DATA
from tests.factories import log_in_verified, make_sighting

pytestmark = pytest.mark.django_db
PHOTOS = DATA / "bystanders"
ASTRONAUT_FACE = redaction.Region(177, 67, 93, 93)  # by eye, in astronaut.jpg
CAMERAMAN_FACE = redaction.Region(160, 80, 100, 120)  # by eye, in camera.jpg


def plate_scene(text="ZH 123456") -> tuple[Image.Image, redaction.Region]:
    image = Image.new("RGB", (640, 480), (90, 95, 100))
    draw = ImageDraw.Draw(image)
    draw.rectangle((120, 180, 520, 400), fill=(160, 20, 20))  # the back of a car
    plate = redaction.Region(220, 300, 200, 44)
    draw.rectangle((220, 300, 420, 344), fill=(245, 245, 245), outline=(0, 0, 0), width=3)
    font = ImageFont.load_default(size=34)
    draw.text((320, 322), text, fill=(10, 10, 10), font=font, anchor="mm")
    return image, plate


def covers(found: redaction.Region, truth: redaction.Region) -> bool:
    """The proposal covers most of the true region."""
    return redaction._overlap(found, truth) > 0.6 and found.w * found.h >= truth.w * truth.h * 0.6


def not_a_face_any_more(image, face) -> bool:
    return all(redaction._overlap(found, face) < 0.5 for found in redaction.detect(image))


def kinds(regions) -> list[str]:
    return [region.kind for region in regions]


def test_the_detector_finds_a_frontal_face():
    regions = redaction.detect(Image.open(PHOTOS / "astronaut.jpg"))
    assert kinds(regions) == ["face"]
    assert covers(regions[0], ASTRONAUT_FACE)


def test_the_detector_finds_a_face_in_profile():
    regions = redaction.detect(Image.open(PHOTOS / "camera.jpg"))
    assert kinds(regions) == ["profile"]
    assert redaction._overlap(regions[0], CAMERAMAN_FACE) > 0.6


def test_the_detector_finds_a_number_plate():
    image, plate = plate_scene()
    regions = redaction.detect(image)
    assert kinds(regions) == ["plate"]
    assert covers(regions[0], plate)


@pytest.mark.parametrize("name", ["coffee.jpg", "chelsea.jpg"])
def test_the_detector_proposes_nothing_without_people_or_cars(name):
    assert redaction.detect(Image.open(PHOTOS / name)) == []


def test_a_blurred_region_loses_its_detail_and_the_rest_is_untouched():
    image = Image.open(PHOTOS / "astronaut.jpg").convert("RGB")
    blurred = redaction.blur(image, [ASTRONAUT_FACE])
    inner = (
        ASTRONAUT_FACE.x + 12,
        ASTRONAUT_FACE.y + 12,
        ASTRONAUT_FACE.x + 81,
        ASTRONAUT_FACE.y + 81,
    )
    edges = lambda img: ImageStat.Stat(img.convert("L").filter(FIND_EDGES).crop(inner)).mean[0]  # noqa: E731
    assert edges(blurred) < edges(image) / 4
    assert (
        blurred.crop((300, 300, 500, 500)).tobytes() == image.crop((300, 300, 500, 500)).tobytes()
    )
    assert not_a_face_any_more(blurred, ASTRONAUT_FACE)


def stored_photo(path=PHOTOS / "astronaut.jpg"):
    upload = SimpleUploadedFile("p.jpg", path.read_bytes(), "image/jpeg")
    return make_sighting(photos=[clean_photo(upload)]).photos.get()


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def media_files(settings) -> set[str]:
    root = settings.MEDIA_ROOT
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def test_redaction_rewrites_the_photo_and_its_thumbnail_and_keeps_the_original_aside(
    settings, django_capture_on_commit_callbacks
):
    photo = stored_photo()
    before = {"image": read(photo.image.name), "thumbnail": read(photo.thumbnail.name)}
    old_names = (photo.image.name, photo.thumbnail.name)
    with django_capture_on_commit_callbacks(execute=True):
        photo = redaction.photo_redact(photo=photo, regions=[ASTRONAUT_FACE])
    assert photo.regions == [ASTRONAUT_FACE.as_dict() | {"kind": "manual"}]
    assert read(photo.image.name) != before["image"]
    assert read(photo.thumbnail.name) != before["thumbnail"]
    assert photo.original.name == old_names[0]  # the unblurred file, private
    assert not default_storage.exists(old_names[1])  # the old thumbnail is gone
    assert media_files(settings) == {photo.image.name, photo.thumbnail.name, photo.original.name}
    with Image.open(io.BytesIO(read(photo.thumbnail.name))) as thumb:
        scale = thumb.width / photo.width
        assert not_a_face_any_more(
            thumb, redaction.Region(*(round(v * scale) for v in (177, 67, 93, 93)))
        )


def test_redoing_a_redaction_starts_from_the_real_pixels(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = redaction.photo_redact(photo=stored_photo(), regions=[ASTRONAUT_FACE])
        photo = redaction.photo_redact(photo=photo, regions=[])  # the rectangle was a mistake
    with Image.open(io.BytesIO(read(photo.image.name))) as image:
        assert kinds(redaction.detect(image)) == ["face"]  # the face is back, not blurred twice
    assert photo.regions == []
    assert len(media_files(settings)) == 3


def test_publishing_needs_every_photo_checked(alice):
    photo = stored_photo()
    sighting = photo.sighting
    with pytest.raises(ValueError, match="not checked yet"):
        services.sighting_approve(sighting=sighting, moderator=alice, publish_photos=True)
    sighting.refresh_from_db()
    assert sighting.status == "pending" and not Camera.objects.exists()
    # Approving without publishing is fine: the photos stay private.
    services.sighting_approve(sighting=sighting, moderator=alice, publish_photos=False)
    photo.refresh_from_db()
    assert not photo.public


def test_publishing_leaves_no_unblurred_copy(alice, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        photo = redaction.photo_redact(photo=stored_photo(), regions=[ASTRONAUT_FACE])
    original = read(photo.original.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.sighting_approve(sighting=photo.sighting, moderator=alice, publish_photos=True)
    photo.refresh_from_db()
    assert photo.public and not photo.original
    assert media_files(settings) == {photo.image.name, photo.thumbnail.name}
    assert all(read(name) != original for name in media_files(settings))
    with pytest.raises(ValueError, match="final"):
        redaction.photo_redact(photo=photo, regions=[])


def test_the_moderator_sees_the_proposals_and_applies_rectangles(client, alice):
    photo = stored_photo()
    log_in_verified(client, alice)
    page = client.get(f"/moderation/{photo.sighting_id}/").content.decode()
    assert "Not checked yet" in page
    (region,) = redaction.proposals(photo)
    assert region["kind"] == "face" and f"&quot;x&quot;: {region['x']}" in page
    rectangles = [region, {"x": 400, "y": 400, "w": 60, "h": 30}]
    response = client.post(
        f"/moderation/photos/{photo.pk}/redact/", {"regions": json.dumps(rectangles)}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/moderation/{photo.sighting_id}/#photo-{photo.pk}"
    photo.refresh_from_db()
    assert [r["kind"] for r in photo.regions] == ["face", "manual"]
    page = client.get(f"/moderation/{photo.sighting_id}/").content.decode()
    assert "Checked: 2 regions blurred." in page


@pytest.mark.parametrize(
    "regions",
    [
        "not json",
        "[" * 5000 + "]" * 5000,
        json.dumps({"x": 1}),
        json.dumps([{"x": "a", "y": 0, "w": 5, "h": 5}]),
        json.dumps([{"x": 0, "y": 0, "w": 5}]),
        json.dumps([{"x": 0, "y": 0, "w": 5, "h": 5}] * (redaction.MAX_REGIONS + 1)),
    ],
)
def test_bad_rectangles_change_nothing(client, alice, regions):
    photo = stored_photo()
    log_in_verified(client, alice)
    response = client.post(f"/moderation/photos/{photo.pk}/redact/", {"regions": regions})
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.regions is None and not photo.original
    assert "Not blurred" in client.get(response["Location"]).content.decode()


def test_rectangles_are_clipped_to_the_photo():
    regions = redaction.clean_regions(
        [{"x": -10, "y": 500, "w": 50, "h": 50}, {"x": 600, "y": 0, "w": 5, "h": 5}],
        width=512,
        height=512,
    )
    assert regions == [redaction.Region(0, 500, 40, 12, "manual")]


def test_only_verified_moderators_may_redact(client, mallory, alice):
    photo = stored_photo()
    url = f"/moderation/photos/{photo.pk}/redact/"
    assert client.post(url, {"regions": "[]"})["Location"].startswith("/moderation/login/")
    client.force_login(mallory)
    assert client.post(url, {"regions": "[]"}).status_code == 403
    client.force_login(alice)  # password only, no second factor yet
    assert client.post(url, {"regions": "[]"})["Location"].startswith("/moderation/two-factor/")
    photo.refresh_from_db()
    assert photo.regions is None
    assert Sighting.objects.get().status == "pending"


def test_a_missing_photo_file_gives_no_proposals_and_no_error(client, alice):
    photo = stored_photo()
    default_storage.delete(photo.image.name)
    assert redaction.proposals(photo) == []
    log_in_verified(client, alice)
    assert client.get(f"/moderation/{photo.sighting_id}/").status_code == 200
