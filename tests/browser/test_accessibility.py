"""No WCAG 2.2 A/AA violation that axe-core finds, on every page type, in English and Spanish,
at phone and desktop sizes; and the keyboard alone places, aims and sends a camera, and
moderates it."""

import pytest
from django.test import Client

from surveillance_map.sightings.models import Sighting
from tests.browser.axe import violations
from tests.browser.conftest import watch_csp
from tests.factories import log_in_verified
from tests.site_pages import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def session_cookie(live_server, user) -> dict:
    client = Client()
    log_in_verified(client, user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def settle(page):
    page.wait_for_load_state("load")
    if page.locator(".leaflet-container").count():
        page.wait_for_function("() => !document.querySelector('.leaflet-tile-loading')")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("size", SIZES)
def test_no_wcag_violation_on_any_page(browser, live_server, language, size):
    site = make_site()
    context = browser.new_context(viewport=SIZES[size], is_mobile=size == "phone")
    context.add_cookies(
        [
            {"name": "django_language", "value": language, "url": live_server.url},
            session_cookie(live_server, site["moderator"]),
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    blocked = watch_csp(page)
    found = {}

    def check(name):
        settle(page)
        found[name] = violations(page)

    for name, path in {**site["pages"], **site["moderation"]}.items():
        page.goto(live_server.url + path)
        check(name)
    page.goto(live_server.url + "/submit/")
    page.click("#send")  # no position: the form comes back with its errors
    page.wait_for_selector("#form-errors")
    check("submit with errors")
    page.goto(live_server.url + "/submit/?z=18&lat=47.3769&lon=8.5417")
    page.wait_for_function("() => window.submitMap !== undefined")
    page.locator("#sm-map").click()  # the centre: beside the cameras there
    page.wait_for_selector("#nearby:not([hidden])")
    check("submit with nearby cameras")
    context.close()
    report = [f"{name}: {line}" for name, lines in found.items() for line in lines]
    assert not report, "\n".join(report)
    assert not blocked, blocked


def tab_to(page, selector: str, limit: int = 80):
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_keyboard_alone_places_aims_and_sends_a_camera_then_moderates_it(browser, live_server):
    site = make_site()
    context = browser.new_context(viewport=SIZES["desktop"])
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(live_server.url + "/submit/?z=18&lat=47.38&lon=8.55")
    tab_to(page, "#sm-map")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # the camera at the map's centre
    page.wait_for_function("() => document.getElementById('id_latitude').value !== ''")
    tab_to(page, "[data-direction='180']")
    page.keyboard.press("Enter")  # it looks south
    tab_to(page, "#send")
    page.keyboard.press("Enter")
    page.wait_for_selector("#receipt-address")
    sighting = Sighting.objects.latest("pk")
    assert sighting.direction == 180 and abs(sighting.location.y - 47.38) < 0.001

    context.add_cookies([session_cookie(live_server, site["moderator"])])
    page.goto(live_server.url + "/moderation/")
    tab_to(page, f"a[href='/moderation/{sighting.pk}/']")
    page.keyboard.press("Enter")
    page.wait_for_selector("#approve-form")
    tab_to(page, "#approve-button")
    page.keyboard.press("Enter")
    page.wait_for_selector(".sm-messages")
    sighting.refresh_from_db()
    assert sighting.status == "approved"
    context.close()
