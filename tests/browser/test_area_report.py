"""A city report in a real browser: read a chart, follow a vendor link, switch to Spanish."""

from urllib.parse import urlsplit

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from surveillance_map.areas.models import Area
from tests.factories import make_camera, make_vendor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def city():
    Area.objects.create(
        name="Zürich",
        slug="zurich",
        kind=Area.Kind.CITY,
        country="CH",
        geometry=MultiPolygon(Polygon.from_bbox((8.45, 47.32, 8.63, 47.44)), srid=4326),
    )
    hikvision = make_vendor("Hikvision", country_of_origin="CN")
    axis = make_vendor("Axis Communications", country_of_origin="SE")
    for i in range(3):
        make_camera(location=Point(8.54 + i * 0.001, 47.37), vendor=hikvision)
    make_camera(location=Point(8.55, 47.38), vendor=axis)
    make_camera(location=Point(8.56, 47.39))  # no vendor
    make_camera(location=Point(7.44, 46.95), vendor=axis)  # Bern: not in the report


def test_a_reader_reads_the_vendor_country_chart_and_follows_a_vendor_link(
    page, live_server, requests_seen, city
):
    page.goto(f"{live_server.url}/areas/zurich/")
    assert page.locator("#total-in-place").inner_text() == "5"

    chart = page.locator("svg#chart-vendor_country")
    assert chart.get_attribute("role") == "img"
    bars = chart.locator("g.bar title").all_text_contents()
    assert bars[0].startswith("China (CN): 3 (60.0")
    assert any(b.startswith("Sweden (SE): 1 (20.0") for b in bars)
    # The bars are drawn: the longest one (China) is wider than Sweden's.
    widths = [
        float(w)
        for w in chart.locator("rect").evaluate_all("rs => rs.map(r => r.getAttribute('width'))")
    ]
    assert widths[0] > widths[1] > 0

    page.locator("#vendor").get_by_role("link", name="Hikvision").click()
    page.wait_for_url("**/vendors/hikvision/")
    assert "China (CN)" in page.locator("#vendor-country").inner_text()
    assert page.locator("#vendor-cameras").inner_text().startswith("3 ")

    page.get_by_role("button", name="ES").click()
    page.wait_for_url("**/vendors/hikvision/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "País de origen" in page.content()

    hosts = {urlsplit(url).netloc for url in requests_seen}
    assert hosts == {urlsplit(live_server.url).netloc}
