"""An evidence-less claim from an anonymous sighting is counted apart on every report and page;
charts draw shares of the whole; every figure links to its cameras."""

import re
from datetime import date

import pytest

from surveillance_map.areas.models import Area
from surveillance_map.reports.area_report import area_report
from surveillance_map.reports.charts import BAR_WIDTH, bar_chart
from surveillance_map.reports.rows import Row
from surveillance_map.sightings import services
from tests.factories import make_area, make_camera, make_moderator, make_sighting, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported_claims():
    """A documented-free sighting says "face recognition" and "Hikvision"; it is approved."""
    make_area()
    hik = make_vendor(country_of_origin="CN")
    tagged = make_camera(vendor=hik, capabilities=["infrared"])
    sighting = make_sighting(
        capabilities=["face_recognition"],
        vendor_name="Hikvision",
        location="SRID=4326;POINT(8.545 47.37)",
    )
    done = services.sighting_approve(sighting=sighting, moderator=make_moderator())
    return {"tagged": tagged, "reported": done.camera, "vendor": hik}


def _row(report, key, label):
    (breakdown,) = [b for b in report["breakdowns"] if b.key == key]
    return next(r for r in breakdown.rows if r.label == label)


def test_the_area_report_counts_the_reported_claim_apart(reported_claims):
    report = area_report(area=Area.objects.get(), today=date.today())

    face = _row(report, "capability", "Face recognition")
    assert (face.count, face.reported) == (0, 1)
    assert face.reported_params == {
        "capability": "face_recognition",
        "capability_basis": "reported",
    }
    hik = _row(report, "vendor", "Hikvision")
    assert (hik.count, hik.reported) == (1, 1)
    china = _row(report, "vendor_country", "China (CN)")
    assert (china.count, china.reported) == (1, 1)
    assert report["quality"]["claims_by_basis"]["reported"] == 2


def test_the_area_page_shows_the_reported_claim_apart_with_links(client, reported_claims):
    html = client.get("/areas/testville/").content.decode()

    assert "capability_basis=reported" in html
    assert "+1 reported" in html
    assert 'id="claims-by-basis"' in html


def test_vendor_world_and_country_pages_count_the_reported_vendor_apart(client, reported_claims):
    vendor = client.get("/vendors/hikvision/").content.decode()
    assert re.search(r'id="vendor-cameras"><a href="[^"]+">1</a>', vendor)
    assert 'id="vendor-reported"' in vendor and "+1 reported, unverified" in vendor
    world = client.get("/world/").content.decode()
    assert "+1 reported, unverified" in world
    country = client.get("/countries/ch/").content.decode()
    assert "vendor_basis=reported" in country


def test_the_api_counts_of_the_links_match_the_page(client, reported_claims):
    counted = client.get(
        "/api/v1/cameras/?vendor=hikvision&vendor_basis=documented,tagged,inferred"
    )
    reported = client.get("/api/v1/cameras/?vendor=hikvision&vendor_basis=reported")
    assert [f["id"] for f in counted.json()["features"]] == [reported_claims["tagged"].pk]
    assert [f["id"] for f in reported.json()["features"]] == [reported_claims["reported"].pk]


def test_bars_are_shares_of_the_whole_never_stretched_to_the_largest_row():
    rows = [Row(f"v{i}", 1, 0.011, {"vendor": f"v{i}"}) for i in range(3)]

    svg = str(bar_chart(rows, title="t", chart_id="c", base=91))

    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="([\d.]+)"', svg)]
    assert widths and all(w < BAR_WIDTH * 0.05 for w in widths)
    assert "100\u00a0%" in svg  # the scale is drawn
    assert "<a " not in svg  # an image holds no links: the table beside it does


def test_the_data_quality_links_select_cameras_with_such_claims(client, reported_claims):
    html = client.get("/vendors/hikvision/").content.decode()
    assert "any_basis=reported" in html
    listed = client.get("/api/v1/cameras/?vendor=hikvision&any_basis=reported").json()
    assert [f["id"] for f in listed["features"]] == [reported_claims["reported"].pk]
