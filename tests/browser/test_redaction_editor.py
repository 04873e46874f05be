"""The moderator's blur rectangles in a real browser: proposed, then added, moved, resized and
removed with the keyboard and the pointer, and applied."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from surveillance_map.sightings.models import Sighting
from surveillance_map.sightings.photos import clean_photo
from tests.conftest import DATA
from tests.factories import make_sighting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def photo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = SimpleUploadedFile(
        "p.jpg", (DATA / "bystanders" / "astronaut.jpg").read_bytes(), "image/jpeg"
    )
    return make_sighting(photos=[clean_photo(upload)]).photos.get()


def regions(page) -> list[dict]:
    return json.loads(page.input_value(".sm-redact-form input[name=regions]"))


def test_rectangles_by_keyboard_and_pointer(moderator_page, live_server, photo):
    page = moderator_page
    page.goto(f"{live_server.url}/moderation/{photo.sighting_id}/")
    page.wait_for_function("() => document.querySelector('.sm-redact-stage img').naturalWidth")
    (face,) = regions(page)
    assert face["kind"] == "face"
    assert page.locator(".sm-box-face").count() == 1

    # Keyboard: move right and down, grow, and shortcuts of the page stay quiet meanwhile.
    box = page.locator(".sm-box").first
    box.focus()
    step = round(512 / 50)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("a")  # "approve" on the page, but not while editing a rectangle
    (moved,) = regions(page)
    assert (moved["x"], moved["y"]) == (face["x"] + step, face["y"] + step)
    assert (moved["w"], moved["h"]) == (face["w"] + step, face["h"])
    assert "not checked" in page.inner_text(".sm-redact figcaption").lower()

    # Add one with the button, then remove it with Delete.
    page.click("button:has-text('Add rectangle')")
    assert len(regions(page)) == 2
    assert page.evaluate("() => document.activeElement.classList.contains('sm-box')")
    page.keyboard.press("Delete")
    assert len(regions(page)) == 1

    # Pointer: draw a new one on the photo, then drag it.
    stage = page.locator(".sm-redact-stage")
    stage.scroll_into_view_if_needed()
    frame = stage.bounding_box()
    scale = frame["width"] / 512

    def at(x, y):
        return frame["x"] + x * scale, frame["y"] + y * scale

    page.mouse.move(*at(380, 380))
    page.mouse.down()
    page.mouse.move(*at(460, 420), steps=4)
    page.mouse.up()
    drawn = regions(page)[1]
    assert abs(drawn["x"] - 380) <= 3 and abs(drawn["w"] - 80) <= 3 and abs(drawn["h"] - 40) <= 3
    page.mouse.move(*at(420, 400))
    page.mouse.down()
    page.mouse.move(*at(400, 350), steps=4)
    page.mouse.up()
    dragged = regions(page)[1]
    assert abs(dragged["x"] - 360) <= 3 and abs(dragged["y"] - 330) <= 3

    page.click("button:has-text('Blur and mark checked')")
    page.wait_for_selector("text=Photo checked: 2 regions blurred.")
    photo.refresh_from_db()
    assert [r["kind"] for r in photo.regions] == ["face", "manual"]
    assert Sighting.objects.get().status == "pending"
