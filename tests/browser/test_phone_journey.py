"""On a 390 px phone: every page's navigation is reachable from the menu, and a camera is placed,
aimed and sent in three taps from the map; the receipt shows its own address with a copy
button."""

import pytest

from surveillance_map.sightings.models import Sighting
from tests.browser.conftest import watch_csp
from tests.factories import make_camera
from tests.site_pages import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
LAT, LON = 47.3712, 8.5390


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(15000)
    blocked = watch_csp(page)
    yield page
    context.close()
    assert not blocked, blocked


def test_every_destination_is_in_the_menu_on_a_360_px_screen(phone, live_server):
    site = make_site()
    for path in [p for name, p in site["pages"].items() if name not in ("embed", "api docs")]:
        phone.goto(live_server.url + path)
        nav = phone.locator("#site-nav")
        assert not nav.is_visible(), path  # folded away until asked for
        phone.tap("#menu-button")
        for link in nav.locator("a").all() + nav.locator("button").all():
            assert link.is_visible(), (path, link.inner_text())
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (path, box)
        assert nav.locator("a[href='/data/']").is_visible()
        assert nav.locator("button[value=es]").is_visible()


def test_place_aim_and_send_in_three_taps_from_the_map(phone, live_server):
    make_camera()  # someone else's camera nearby, drawn from the first moment
    phone.goto(f"{live_server.url}/?z=18&lat={LAT}&lon={LON}")
    phone.wait_for_function("() => window.cameraLayer !== undefined")
    phone.tap("#report-here")
    phone.wait_for_function("() => window.existingCameras !== undefined")
    assert phone.evaluate("() => window.submitMap.getZoom()") == 18
    centre = phone.evaluate("() => window.submitMap.getCenter()")
    assert abs(centre["lat"] - LAT) < 1e-4 and abs(centre["lng"] - LON) < 1e-4

    phone.locator("#sm-map").tap(position={"x": 180, "y": 150})  # 1: the camera is here
    phone.locator("#sm-map").tap(position={"x": 260, "y": 150})  # 2: it looks east
    assert 80 <= int(phone.input_value("#id_direction")) <= 100
    assert phone.locator(".sm-handle").is_visible()
    assert phone.locator("[data-direction='90']").is_visible()  # the aim buttons, in view too
    send = phone.locator("#send")
    box = send.bounding_box()
    top = phone.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('#send') !== null",
        [box["x"] + box["width"] - 4, box["y"] + box["height"] - 4],
    )
    assert top, "something is drawn over the send button"
    send.tap()  # 3

    phone.wait_for_selector("#status")
    sighting = Sighting.objects.get()
    assert 80 <= sighting.direction <= 100
    address = phone.input_value("#receipt-address")
    assert address == phone.url and sighting.token in address
    phone.tap("#copy-address")
    phone.wait_for_selector("text=Address copied.")
    assert phone.evaluate("() => navigator.clipboard.readText()") == address


def test_a_tap_far_out_zooms_in_instead_of_placing_a_camera(phone, live_server):
    phone.goto(f"{live_server.url}/submit/?z=5&lat={LAT}&lon={LON}")
    phone.wait_for_function("() => window.submitMap !== undefined")
    phone.locator("#sm-map").tap(position={"x": 180, "y": 150})
    phone.wait_for_function("() => window.submitMap.getZoom() > 5")
    assert phone.input_value("#id_latitude") == ""
    assert "Zoomed in" in phone.inner_text("#where-hint")
