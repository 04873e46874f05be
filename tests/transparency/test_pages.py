"""Vendor, program, country and world pages: facts with their sources, doubts shown as such."""

import re
from datetime import date

import pytest
from django.contrib.gis.geos import Point

from surveillance_map.transparency.models import Evidence
from tests.factories import make_camera, make_operator, make_program, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def ecuador():
    """ECU-911: a program by CEIEC (CN) run by Ecuador's government; one of its cameras in Quito."""
    ceiec = make_vendor("CEIEC", country_of_origin="CN", restrictions="US Entity List")
    Evidence.objects.create(
        vendor=ceiec,
        kind="official_list",
        title="Entity List addition",
        url="https://www.federalregister.gov/citation/84-FR-54002",
        published_on=date(2019, 10, 9),
        confidence="high",
    )
    program = make_program(
        "ECU-911",
        country="EC",
        operator=make_operator("Government of Ecuador", operator_type="government"),
        claimed_camera_count=4300,
    )
    program.vendors.set([ceiec])
    Evidence.objects.create(
        program=program,
        kind="news",
        title="Made in China, Exported to the World",
        url="https://www.nytimes.com/2019/04/24/technology/ecuador.html",
        published_on=date(2019, 4, 24),
        confidence="low",
        note="To be checked: camera count.",
    )
    make_camera(
        location=Point(-78.4678, -0.1807), vendor=ceiec, program=program, capabilities=["ptz"]
    )
    return {"vendor": ceiec, "program": program}


def test_vendor_page_shows_origin_restrictions_sources_cameras_and_programs(client, ecuador):
    html = client.get("/vendors/ceiec/").content.decode()
    assert "China (CN)" in html
    assert "US Entity List" in html
    assert 'href="https://www.federalregister.gov/citation/84-FR-54002"' in html
    assert 'datetime="2019-10-09"' in html
    assert re.search(r'id="vendor-cameras"><a href="[^"]+">1</a> ', html)
    assert "Pan-tilt-zoom" in html
    assert 'href="/programs/ecu-911/"' in html
    assert 'href="/?vendor=ceiec"' in html
    assert "To be checked" not in html  # every source of this vendor is of high confidence


def test_program_page_marks_low_confidence_sources_to_be_checked(client, ecuador):
    html = client.get("/programs/ecu-911/").content.decode()
    assert html.count("To be checked") >= 2  # the page notice and the source itself
    assert 'datetime="2019-04-24"' in html
    assert "4,300" in html or "4300" in html
    assert re.search(r'id="program-cameras"><a href="[^"]+">1</a>', html)
    assert 'href="/vendors/ceiec/"' in html


def test_a_vendor_without_a_country_says_it_is_not_known(client):
    make_vendor("Mystery Cams")
    html = client.get("/vendors/mystery-cams/").content.decode()
    assert "Not known: to be checked" in html
    assert "No source recorded yet" in html
    assert client.get("/vendors/").status_code == 200


def test_country_page_breaks_down_vendors_countries_of_origin(client, ecuador):
    make_camera(location=Point(-78.50, -0.20))  # no vendor
    html = client.get("/countries/ec/").content.decode()
    assert re.search(r'id="country-cameras"><a href="[^"]+">2</a>', html)
    assert "China (CN)" in html and "50.0" in html
    assert "Vendor not recorded" in html
    assert "ECU-911" in html and "To be checked" in html
    assert '<svg class="chart"' in html


def test_world_view_lists_countries_and_draws_the_atlas_from_our_static_files(client, ecuador):
    html = client.get("/world/").content.decode()
    assert 'href="/countries/ec/"' in html
    assert "/static/vendor/world-atlas/countries-110m.json" in html
    assert "/static/vendor/topojson-client/topojson-client.min.js" in html
    assert "Natural Earth (public domain)" in html
    assert '"numeric": "218"' in html  # Ecuador, as world-atlas names its shape


@pytest.mark.parametrize(
    "url", ["/vendors/nope/", "/programs/nope/", "/countries/zz/", "/countries/ecuador/"]
)
def test_unknown_subjects_are_404(client, url):
    assert client.get(url).status_code == 404


def test_pages_render_with_no_data_at_all(client):
    for url in ["/vendors/", "/programs/", "/world/", "/countries/ch/", "/areas/"]:
        assert client.get(url).status_code == 200, url


def test_vendor_and_program_pages_embed_a_map_fitted_to_their_cameras(client, ecuador):
    html = client.get("/vendors/ceiec/").content.decode()
    embed = "/embed/?lat=-0.18070&amp;lon=-78.46780&amp;z=16&amp;vendor=ceiec"
    assert f'<iframe class="embedded-map" src="{embed}"' in html
    html = client.get("/programs/ecu-911/").content.decode()
    assert "&amp;program=ecu-911" in html
    make_vendor("Nobody Uses Us")
    assert "<iframe" not in client.get("/vendors/nobody-uses-us/").content.decode()


def test_a_bare_program_and_a_country_with_a_vendor_of_unknown_origin_render(client):
    make_program(
        "Safe City X", slug="safe-city-x"
    )  # no country, operator, vendors, size or sources
    html = client.get("/programs/safe-city-x/").content.decode()
    assert "No source recorded yet: to be checked." in html
    assert html.count("Not recorded") >= 4
    make_camera(location=Point(-17.4441, 14.6937), vendor=make_vendor("Mystery Cams"))
    html = client.get("/countries/sn/").content.decode()
    assert "Vendor&#x27;s country not recorded" in html
    assert 'href="/vendors/mystery-cams/"' in html


def test_the_world_view_follows_new_cameras_despite_its_cache(client):
    make_camera(location=Point(-17.4441, 14.6937))
    assert 'href="/countries/sn/"' in client.get("/world/").content.decode()
    assert 'href="/countries/ec/"' not in client.get("/world/").content.decode()
    make_camera(location=Point(-78.4678, -0.1807))
    assert 'href="/countries/ec/"' in client.get("/world/").content.decode()


def test_the_vendor_page_cites_the_source_of_its_country_of_origin(client):
    from tests.factories import make_vendor

    vendor = make_vendor("Axis", country_of_origin="SE", aliases=["Axis Communications"])
    vendor.evidence.create(
        kind="other",
        title="Axis Communications",
        url="https://en.wikipedia.org/wiki/Axis_Communications",
        supports=["country_of_origin", "aliases"],
    )
    html = client.get("/vendors/axis/").content.decode()
    country = html.split('id="vendor-country">')[1].split("</dd>")[0]
    assert 'href="https://en.wikipedia.org/wiki/Axis_Communications"' in country
    aliases = html.split('id="vendor-aliases">')[1].split("</dd>")[0]
    assert "wikipedia" in aliases
    make_vendor("Nocite", country_of_origin="CN")
    assert "Source needed" in client.get("/vendors/nocite/").content.decode()
