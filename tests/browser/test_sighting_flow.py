"""A resident reports a camera from a phone, a moderator approves it, and it is on the map."""

import io
import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from surveillance_map.cameras.models import Camera
from surveillance_map.sightings.models import Sighting
from tests.browser.conftest import watch_csp
from tests.factories import totp_code

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop shares this thread

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}
LAT, LON = 47.3712, 8.5390


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def moderator():
    user = get_user_model().objects.create_user(username="mo", password="mo-secret-2026")
    # get_or_create: an earlier transactional test may have flushed the migration-made rows.
    permission, _ = Permission.objects.get_or_create(
        codename="moderate",
        content_type=ContentType.objects.get_for_model(Sighting),
        defaults={"name": "Can moderate sightings and revert camera revisions"},
    )
    user.user_permissions.add(permission)
    user.device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation={"latitude": LAT, "longitude": LON, "accuracy": 5},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.seen = seen
    blocked = watch_csp(page)
    yield page
    context.close()
    assert not blocked, f"blocked by the Content Security Policy: {blocked}"


def photo_file(tmp_path):
    path = tmp_path / "camera.jpg"
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (90, 90, 200)).save(buffer, format="JPEG", exif=exif)
    path.write_bytes(buffer.getvalue())
    return path


def test_submit_on_a_phone_then_approve_and_see_it_on_the_map(
    phone, live_server, moderator, media, tmp_path
):
    page = phone
    page.goto(f"{live_server.url}/submit/")
    page.wait_for_function("() => document.querySelector('#sm-map .leaflet-pane')")
    # A tap on the map places the pin; the phone's location then moves it there.
    page.locator("#sm-map").tap(position={"x": 120, "y": 200})
    page.wait_for_selector(".sm-handle")
    assert page.input_value("#id_latitude") != ""
    page.click("#locate")
    page.wait_for_function(f"() => document.getElementById('id_latitude').value === '{LAT:.7f}'")
    assert page.input_value("#id_longitude") == f"{LON:.7f}"
    # Aim it by dragging the handle to the east of the pin, then fine-tune with a compass point.
    handle = page.locator(".sm-handle").bounding_box()
    pin = page.locator(".leaflet-marker-icon:not(.sm-handle)").bounding_box()
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(pin["x"] + pin["width"] / 2 + 80, pin["y"] + pin["height"], steps=8)
    page.mouse.up()
    assert 60 <= int(page.input_value("#id_direction")) <= 120
    page.click("[data-direction='135']")
    page.click("[data-angle='90']")
    page.click("label.sm-chip:has-text('Plate reader (ALPR)')")
    page.click("label.sm-chip:has-text('Pole')")
    page.set_input_files("#id_photos", str(photo_file(tmp_path)))
    page.fill("#id_note", "<script>window.pwned=1</script> by the tram stop")
    page.click("#send")

    page.wait_for_selector("#status")
    assert page.inner_text("#status") == "Waiting for review"
    assert "<script>" in page.inner_text("#note")  # shown as text, not run
    assert page.evaluate("() => window.pwned") is None
    receipt = page.url
    sighting = Sighting.objects.get()
    assert (sighting.direction, sighting.angle_of_view, sighting.mount) == (135, 90, "pole")
    assert sighting.photos.count() == 1

    page.goto(f"{live_server.url}/moderation/")
    page.fill("#id_username", "mo")
    page.fill("#id_password", "mo-secret-2026")
    page.click("button:has-text('Log in')")
    page.fill("#id_token", totp_code(moderator.device))  # the second factor (DEBUG is off)
    page.click("button:has-text('Confirm')")
    page.click(f"a:has-text('#{sighting.pk}')")
    page.wait_for_selector("#approve-form")
    assert page.evaluate("() => window.pwned") is None
    # Bystanders: draw a rectangle on the photo, blur it; only then may the photo be published.
    page.wait_for_function("() => document.querySelector('.sm-redact-stage img').naturalWidth > 0")
    page.locator(".sm-redact-stage").scroll_into_view_if_needed()
    stage = page.locator(".sm-redact-stage").bounding_box()
    page.mouse.move(stage["x"] + stage["width"] * 0.2, stage["y"] + stage["height"] * 0.2)
    page.mouse.down()
    page.mouse.move(stage["x"] + stage["width"] * 0.5, stage["y"] + stage["height"] * 0.6, steps=5)
    page.mouse.up()
    page.click("button:has-text('Blur and mark checked')")
    page.wait_for_selector("text=Photo checked: 1 region blurred.")
    (region,) = sighting.photos.get().regions
    assert 0.15 < region["x"] / 800 < 0.25 and 0.25 < region["w"] / 800 < 0.35
    page.check("input[name=publish_photos]")
    page.fill("#approve-message", "Thank you!")
    page.keyboard.press("Escape")
    page.click("h1")  # leave the text box, so the shortcut applies
    page.keyboard.press("a")
    page.wait_for_selector(".sm-messages")
    camera = Camera.objects.get()
    assert (camera.surveillance_type, camera.direction) == ("ALPR", 135)

    page.goto(receipt)
    assert page.inner_text("#status") == "Approved"
    assert "Thank you!" in page.inner_text("#message")

    page.goto(f"{live_server.url}/cameras/{camera.pk}/")
    assert "Plate reader" in page.inner_text("h1")
    history = page.inner_text(".sm-camera-panel table")
    # The moderator appears under a pseudonym, not as "mo".
    assert f"Sighting #{sighting.pk}: Thank you!" in history and "Moderator " in history

    page.goto(f"{live_server.url}/?z=18&lat={LAT}&lon={LON}")
    page.wait_for_function("() => window.cameraLayer !== undefined")
    page.wait_for_function(
        "(id) => Object.values(window.cameraLayer._tiles).some((t) => t.loaded"
        " && (t.el._features || []).some((f) => f.kind === 'camera' && Number(f.id) === id))",
        arg=camera.pk,
    )
    hosts = {url.split("/")[2] for url in page.seen if url.startswith("http")}
    assert hosts <= {live_server.url.split("/")[2]}, hosts
