"""Reports, transparency pages and the gazetteer on the embedded database too."""

from datetime import date

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from surveillance_map.areas.models import Area
from surveillance_map.reports.area_report import area_km2, area_report
from tests.areas.test_area_size import _spherical_box_km2
from tests.factories import make_camera, make_vendor

pytestmark = pytest.mark.django_db


def test_an_area_report_counts_and_measures_without_postgis(client):
    area = Area.objects.create(
        name="Zürich",
        slug="zurich",
        kind="city",
        geometry=MultiPolygon(Polygon.from_bbox((8.45, 47.32, 8.63, 47.44)), srid=4326),
    )
    vendor = make_vendor("Hikvision", country_of_origin="CN")
    make_camera(location=Point(8.54, 47.37), vendor=vendor)
    make_camera(location=Point(8.55, 47.38), status="removed")
    make_camera(location=Point(7.44, 46.95))  # Bern
    # The equal-area projection against the surface of the same box on the sphere.
    assert area_km2(area) == pytest.approx(_spherical_box_km2(8.45, 47.32, 8.63, 47.44), rel=0.01)
    report = area_report(area=area, today=date(2026, 11, 26))
    assert (report["total"], report["in_place"], report["removed"]) == (2, 1, 1)
    html = client.get("/areas/zurich/", headers={"accept-language": "es"}).content.decode()
    assert "China (CN)" in html and "Cámaras instaladas" in html


def test_vendor_world_and_country_pages_render(client):
    vendor = make_vendor("Hikvision", country_of_origin="CN")
    camera = make_camera(location=Point(-17.4441, 14.6937), vendor=vendor)
    assert (camera.country, camera.place) == ("SN", "Dakar")
    for url in ["/vendors/", "/vendors/hikvision/", "/programs/", "/world/", "/countries/sn/"]:
        assert client.get(url).status_code == 200, url
