"""The map's filters and list read the current view: counts per choice, country names, an
operator filter, the area kept in the URL, the list by distance from the centre, "Show on map"
into the popup, and an embed snippet for any view."""

import re

import pytest
from django.contrib.gis.geos import Point

from tests.browser.test_map import ZURICH, wait_for_features
from tests.factories import make_area, make_camera, make_operator, make_vendor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def view():
    police = make_operator("Stadtpolizei Zürich")
    rail = make_operator("SBB", operator_type="transit")
    hikvision = make_vendor("Hikvision", country_of_origin="CN")
    for i in range(3):
        make_camera(location=Point(ZURICH[0] + 0.0004 * (i + 1), ZURICH[1]), operator=police)
    make_camera(location=Point(ZURICH[0] - 0.0002, ZURICH[1]), operator=rail, vendor=hikvision)
    make_camera(location=Point(ZURICH[0] + 0.5, ZURICH[1]), operator=rail)  # out of view
    make_area("oldtown", bbox=(8.53, 47.37, 8.55, 47.38))


def test_counts_country_names_and_the_operator_filter(page, live_server, view):
    page.goto(f"{live_server.url}/?z=16&lat={ZURICH[1]}&lon={ZURICH[0]}")
    wait_for_features(page)
    page.click("#filters-button")
    page.wait_for_function("() => document.querySelector('#f-operator option').text.includes('(')")
    options = page.locator("#f-operator option").all_inner_texts()
    assert options == ["SBB (1)", "Stadtpolizei Zürich (3)"]  # the camera out of view not counted
    assert page.locator("#f-vendor-country option").all_inner_texts() == ["China (1)"]
    assert "(4)" in page.locator("label.check:has(input[value=camera])").inner_text()
    page.select_option("#f-operator", "sbb")
    page.wait_for_function("() => location.search.includes('operator=sbb')")
    page.wait_for_function(
        "() => document.querySelector('label.check:has(input[value=camera])').innerText"
        ".includes('(1)')"
    )


def test_a_filter_keeps_the_area_of_the_view(page, live_server, view):
    page.goto(f"{live_server.url}/?z=15&lat={ZURICH[1]}&lon={ZURICH[0]}&area=oldtown")
    wait_for_features(page)
    page.click("#filters-button")
    page.check("input[name=surveillance_type][value=camera]")
    page.wait_for_function("() => location.search.includes('surveillance_type=camera')")
    assert "area=oldtown" in page.url


def test_the_list_is_by_distance_and_show_on_map_moves_focus_into_the_popup(
    page, live_server, view
):
    page.goto(f"{live_server.url}/?z=16&lat={ZURICH[1]}&lon={ZURICH[0]}")
    wait_for_features(page)
    page.click("#list-button")
    page.locator("#camera-list li").first.wait_for()
    details = page.locator("#camera-list .list-details").all_inner_texts()
    distances = [int(re.search(r"(\d+) m from the centre", d).group(1)) for d in details]
    assert distances == sorted(distances) and distances[0] < 20, details
    page.locator("#camera-list li").nth(1).locator(".list-show").click()
    page.wait_for_selector(".leaflet-popup")
    assert page.evaluate("() => document.activeElement.closest('.leaflet-popup') !== null")


def test_the_share_menu_offers_an_embed_of_the_view(page, live_server, view):
    page.goto(f"{live_server.url}/?z=16&lat={ZURICH[1]}&lon={ZURICH[0]}&operator=sbb")
    wait_for_features(page)
    page.click("#embed-button")
    code = page.input_value("#embed-code")
    src = re.search(r'src="([^"]+)"', code).group(1)
    assert "/embed/?" in src and "operator=sbb" in src and "z=16" in src
    assert 'title="' in code
    page.goto(src)
    wait_for_features(page)
    assert page.locator(".embed-title").is_visible()
    assert page.locator(".embed-legend").is_visible()
    assert "operator=sbb" in page.get_attribute("#embed-open", "href")
