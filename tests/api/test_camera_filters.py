"""The camera list filters by every documented parameter; only real data is public."""

from datetime import date

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from surveillance_map.areas.models import Area
from tests.factories import make_camera, make_operator, make_program, make_vendor

pytestmark = pytest.mark.django_db


def _ids(client, **params) -> set[int]:
    response = client.get("/api/v1/cameras/", params)
    assert response.status_code == 200, response.content
    assert response.json()["type"] == "FeatureCollection"
    return {feature["id"] for feature in response.json()["features"]}


@pytest.fixture
def cameras():
    """Alice's plate reader by a Chinese vendor in Quito; Bob's dome in Zurich; a synthetic one."""
    hik = make_vendor("Hikvision", country_of_origin="CN")
    axis = make_vendor("Axis", country_of_origin="SE")
    police = make_operator("Quito Police", operator_type="police")
    shop = make_operator("Corner Shop", operator_type="private")
    ecu = make_program("ECU-911")
    return {
        "alice": make_camera(
            location=Point(-78.4678, -0.1807),
            surveillance_type="ALPR",
            vendor=hik,
            operator=police,
            program=ecu,
            capabilities=["plate_reading", "infrared"],
            last_verified=date(2025, 6, 1),
        ),
        "bob": make_camera(
            camera_type="dome",
            vendor=axis,
            operator=shop,
            status="removed",
            capabilities=["infrared"],
            last_verified=date(2023, 1, 1),
        ),
        "synthetic": make_camera(dataset="synthetic", camera_type="dome"),
    }


def test_without_filters_lists_every_real_camera(client, cameras):
    assert _ids(client) == {cameras["alice"].pk, cameras["bob"].pk}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"surveillance_type": "ALPR"}, {"alice"}),
        ({"camera_type": "dome"}, {"bob"}),
        ({"capability": "plate_reading"}, {"alice"}),
        ({"capability": "infrared,plate_reading"}, {"alice", "bob"}),
        ({"operator_type": "private"}, {"bob"}),
        ({"vendor": "hikvision"}, {"alice"}),
        ({"vendor_country": "se"}, {"bob"}),
        ({"program": "ecu-911"}, {"alice"}),
        ({"status": "removed"}, {"bob"}),
        ({"verified_since": "2024-01-01"}, {"alice"}),
        ({"bbox": "-79,-1,-78,0"}, {"alice"}),
        ({"bbox": "8,47,9,48", "status": "active"}, set()),
    ],
)
def test_each_filter_narrows_the_list(client, cameras, params, expected):
    assert _ids(client, **params) == {cameras[name].pk for name in expected}


def test_area_filter_keeps_cameras_inside_the_boundary(client, cameras):
    Area.objects.create(
        name="Zurich",
        slug="zurich",
        kind="city",
        geometry=MultiPolygon(Polygon.from_bbox((8.4, 47.3, 8.7, 47.5))),
    )
    assert _ids(client, area="zurich") == {cameras["bob"].pk}


def test_synthetic_cameras_are_not_public_even_by_id(client, cameras):
    assert client.get(f"/api/v1/cameras/{cameras['synthetic'].pk}/").status_code == 404
