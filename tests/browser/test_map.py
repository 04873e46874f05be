"""The map in a real browser: clusters, zooming in, a popup, a filter, a permalink, no third
party."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.gis.geos import Point

from tests.browser.conftest import watch_csp
from tests.factories import make_camera, make_operator, make_vendor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ZURICH = (8.5417, 47.3769)
# Features drawn by each tile, without those in a tile's buffer (drawn by two tiles).
TILE_FEATURES = """() => current()
    .flatMap((tile) => tile.el._features || [])
    .filter((f) => f.x >= 0 && f.x < 256 && f.y >= 0 && f.y < 256)
    .map((f) => ({kind: f.kind, count: f.properties.count || 1, type: f.properties.type}))"""


@pytest.fixture
def cameras():
    police = make_operator("Stadtpolizei Zürich", operator_type="police")
    hikvision = make_vendor("Hikvision", country_of_origin="CN")
    for i in range(24):
        make_camera(location=Point(ZURICH[0] + (i % 6) * 0.0008, ZURICH[1] + (i // 6) * 0.0006))
    for i in range(3):
        make_camera(
            location=Point(ZURICH[0] - 0.003 - i * 0.0005, ZURICH[1]), surveillance_type="ALPR"
        )
    make_camera(location=Point(-17.44, 14.69))  # Dakar
    return make_camera(
        location=Point(ZURICH[0] + 0.002, ZURICH[1] - 0.002),
        name='<img src=x onerror="window.pwned=1">Bahnhof',
        camera_type="dome",
        direction=90,
        operator=police,
        vendor=hikvision,
        capabilities=["face_recognition"],
        last_verified=datetime.date(2026, 2, 1),
    )


# The tiles of the zoom level on screen (Leaflet keeps the previous level until these load).
CURRENT_TILES = """window.current = () => Object.values(window.cameraLayer._tiles)
    .filter((t) => t.coords.z === window.cameraMap.getZoom());"""


def set_view(page, lon, lat, zoom):
    page.evaluate(f"() => window.cameraMap.setView([{lat}, {lon}], {zoom})")
    page.wait_for_function(f"() => window.cameraMap.getZoom() === {zoom}")


def wait_for_features(page):
    page.wait_for_function("() => window.cameraLayer !== undefined")
    page.evaluate(CURRENT_TILES)
    page.wait_for_function("() => current().length && current().every((t) => t.loaded)")
    return page.evaluate(TILE_FEATURES)


def map_state(page) -> dict:
    return page.evaluate(
        "() => { const m = window.cameraMap, c = m.getCenter();"
        " return {zoom: m.getZoom(), lat: c.lat.toFixed(4), lon: c.lng.toFixed(4)}; }"
    )


def click_at(page, lon, lat):
    point = page.evaluate(
        "([lat, lon]) => { const p = window.cameraMap.latLngToContainerPoint([lat, lon]);"
        " const r = document.getElementById('map').getBoundingClientRect();"
        " return [r.left + p.x, r.top + p.y]; }",
        [lat, lon],
    )
    page.mouse.click(*point)


def test_clusters_zoom_popup_filter_and_permalink_with_no_third_party(
    page, live_server, cameras, requests_seen
):
    page.goto(f"{live_server.url}/?z=5&lat=47&lon=8")
    features = wait_for_features(page)
    assert any(f["kind"] == "cluster" and f["count"] > 1 for f in features)
    assert sum(f["count"] for f in features) == 28  # Dakar is out of view

    # A click on the cluster zooms in.
    click_at(page, *ZURICH)
    page.wait_for_function("() => window.cameraMap.getZoom() > 5")
    wait_for_features(page)

    # Into the city: individual cameras, and the popup of one.
    page.evaluate(f"() => window.cameraMap.setView([{ZURICH[1] - 0.002}, {ZURICH[0] + 0.002}], 18)")
    features = wait_for_features(page)
    assert {f["kind"] for f in features} == {"camera"}
    click_at(page, cameras.location.x, cameras.location.y)
    popup = page.locator(".camera-popup")
    popup.wait_for()
    # Names, links and capabilities are not in the tiles: the popup fetches the camera's record.
    page.locator(".camera-popup:not([aria-busy])").wait_for()
    assert f"/cameras/{cameras.pk}.json" in {urlsplit(url).path for url in requests_seen}
    assert popup.locator(".popup-loading").count() == 0
    text = popup.inner_text()
    assert "Camera · Dome" in text
    assert "Stadtpolizei Zürich (Police)" in text  # names, not codes
    assert "Hikvision — China" in text
    assert "Face recognition" in text
    assert "2026-02-01" in text
    assert '<img src=x onerror="window.pwned=1">Bahnhof' in text  # shown as text, not markup
    assert page.evaluate("() => window.pwned") is None
    assert popup.locator("img").count() == 0
    assert popup.locator(".popup-stale").count() == 0  # verified this year
    assert popup.locator("a").get_attribute("href") == f"/cameras/{cameras.pk}/"

    # A filter: only plate readers, back at city zoom.
    set_view(page, *ZURICH, 14)
    page.get_by_role("button", name=re.compile("^Filters")).click()
    page.get_by_label("Plate reader (ALPR)").check()
    page.wait_for_url(re.compile("surveillance_type=ALPR"))
    page.wait_for_timeout(300)
    features = wait_for_features(page)
    assert sum(f["count"] for f in features) == 3
    assert {f["type"] for f in features} == {"ALPR"}
    state = map_state(page)

    # The permalink restores the view and the filter.
    page.reload()
    features = wait_for_features(page)
    assert sum(f["count"] for f in features) == 3
    assert map_state(page) == state
    assert page.get_by_label("Plate reader (ALPR)").is_checked()

    hosts = {urlsplit(url).netloc for url in requests_seen if not url.startswith("data:")}
    assert hosts == {urlsplit(live_server.url).netloc}


def test_the_list_of_cameras_in_view_is_keyboard_usable(page, live_server, cameras):
    page.goto(f"{live_server.url}/?z=17&lat={ZURICH[1]}&lon={ZURICH[0]}")
    wait_for_features(page)
    page.get_by_role("button", name="List").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "list-heading"
    items = page.locator("#camera-list li")
    items.first.wait_for()
    assert items.count() > 1
    assert "Cameras 1–" in page.locator("#list-status").inner_text()
    page.keyboard.press("Escape")
    assert page.locator("#list-panel").is_hidden()
    assert page.evaluate("() => document.activeElement.id") == "list-button"


def test_the_embed_is_a_bare_map_that_keeps_the_permalink(page, live_server, cameras):
    page.goto(f"{live_server.url}/embed/?z=12&lat={ZURICH[1]}&lon={ZURICH[0]}")
    features = wait_for_features(page)
    assert sum(f["count"] for f in features) == 28
    assert page.locator(".site-header").count() == 0
    assert "z=12" in page.locator("#embed-open").get_attribute("href")


def test_search_applies_a_vendor_and_share_and_locate_stay_on_our_side(
    browser, live_server, cameras, requests_seen
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        geolocation={"latitude": 47.3701, "longitude": 8.5399},
        permissions=["geolocation", "clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    page.on("request", lambda request: requests_seen.append(request.url))
    blocked = watch_csp(page)
    page.goto(f"{live_server.url}/?z=5&lat=47&lon=8")
    wait_for_features(page)

    page.get_by_label("Search places, operators, vendors, programs, cameras").fill("hikv")
    page.get_by_role("button", name=re.compile("Hikvision")).click()
    page.wait_for_url(re.compile("vendor=hikvision"))
    features = wait_for_features(page)
    assert sum(f["count"] for f in features) == 1

    page.get_by_role("button", name="Share").click()
    shared = page.evaluate("() => navigator.clipboard.readText()")
    assert shared.startswith(live_server.url) and "vendor=hikvision" in shared
    # The share menu links the Atom feed of this view with these filters.
    feed = page.get_by_role("link", name="Feed of changes").get_attribute("href")
    assert feed.startswith("/changes.atom?") and "vendor=hikvision" in feed and "bbox=" in feed
    atom = page.request.get(live_server.url + feed)
    assert atom.ok and atom.headers["content-type"].startswith("application/atom+xml")

    page.get_by_role("button", name="Locate me").click()
    page.get_by_text("Centred on your position.").wait_for()
    page.wait_for_function(
        "() => window.cameraMap.getCenter().distanceTo([47.3701, 8.5399]) < 5"  # metres
    )
    assert not any("47.370" in url for url in requests_seen)  # the position stays in the browser
    context.close()
    assert not blocked, blocked


def test_a_camera_nobody_verified_for_years_is_marked_stale(page, live_server):
    old = make_camera(location=Point(*ZURICH), last_verified=datetime.date(2019, 5, 1))
    page.goto(f"{live_server.url}/?z=18&lat={ZURICH[1]}&lon={ZURICH[0]}")
    wait_for_features(page)
    click_at(page, old.location.x, old.location.y)
    stale = page.locator(".camera-popup .popup-stale")
    stale.wait_for()
    assert "not verified recently" in stale.inner_text()
    assert "Faded: stale, not verified in the last 730 days." in page.content()


def test_a_popup_whose_details_cannot_be_fetched_says_so_and_keeps_what_the_tile_carries(
    page, live_server, cameras
):
    page.route("**/cameras/*.json", lambda route: route.fulfill(status=503, body="down"))
    page.goto(f"{live_server.url}/?z=18&lat={cameras.location.y}&lon={cameras.location.x}")
    wait_for_features(page)
    click_at(page, cameras.location.x, cameras.location.y)
    page.locator(".camera-popup:not([aria-busy])").wait_for()
    text = page.locator(".camera-popup").inner_text()
    assert "Could not load the details of this camera." in text
    assert "Camera · Dome" in text and "90°" in text  # drawn from the tile
    assert "Stadtpolizei" not in text
