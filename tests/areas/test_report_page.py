"""The area report page: numbers, charts with tables, downloads, citation and embed."""

import re

import pytest

from tests.factories import make_area

pytestmark = pytest.mark.django_db


def test_report_shows_charts_tables_downloads_citation_and_embed(client, town):
    html = client.get("/areas/testville/").content.decode()
    assert re.search(r'id="total-in-place"><a href="/\?[^"]*area=testville[^"]*">4</a>', html)
    assert html.count('<svg class="chart') >= 8
    assert 'role="img"' in html and "<desc id=" in html
    assert "China (CN)" in html and 'href="/vendors/hikvision/"' in html
    assert "Vendor&#x27;s country not recorded" in html  # Mystery Cams has no country
    assert 'href="/api/v1/cameras.csv?area=testville"' in html
    assert 'href="/api/v1/cameras.geojson?area=testville"' in html
    assert "http://testserver/areas/testville/" in html  # permalink, and in the citation
    assert "Surveillance Map contributors" in html
    assert "&lt;iframe src=&quot;http://testserver/embed/?lat=" in html
    assert "area=testville" in html


def test_the_area_downloads_hold_exactly_the_areas_cameras(client, town):
    csv_lines = b"".join(client.get("/api/v1/cameras.csv?area=testville").streaming_content)
    assert len(csv_lines.decode().strip().splitlines()) == 1 + 5  # header + every real camera


def test_an_area_without_cameras_renders(client):
    make_area(slug="empty", bbox=(10.0, 10.0, 10.1, 10.1))
    response = client.get("/areas/empty/")
    assert response.status_code == 200
    assert "No cameras in place are mapped in this area yet." in response.content.decode()


def test_an_unknown_area_is_404(client):
    assert client.get("/areas/nowhere/").status_code == 404


def test_the_description_of_an_approximate_boundary_is_shown(client):
    make_area(slug="approx", description="Approximate demo boundary: a rectangle.")
    assert "Approximate demo boundary" in client.get("/areas/approx/").content.decode()


def test_the_report_names_its_sources_and_flags_vendors_without_them(client, town):
    from datetime import date

    from surveillance_map.transparency.models import Evidence

    hik = town["vendors"][0]
    Evidence.objects.create(
        vendor=hik,
        kind="official_list",
        title="Covered List",
        url="https://www.fcc.gov/supplychain/coveredlist",
        published_on=date(2021, 3, 12),
        confidence="high",
    )
    html = client.get("/areas/testville/").content.decode()
    sources = html[html.index('id="sources-heading"') :]
    assert 'href="https://www.fcc.gov/supplychain/coveredlist"' in sources
    assert 'datetime="2021-03-12"' in sources
    assert "Mystery Cams" in sources and "country not known: to be checked" in sources
    assert "No source recorded yet: to be checked." in sources  # Axis and Mystery Cams
