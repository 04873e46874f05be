"""Densities need the area's true surface: measured on the ellipsoid, not in square degrees."""

import math

import pytest
from django.db import connection

from surveillance_map.reports.area_report import area_km2
from tests.factories import make_area

pytestmark = pytest.mark.django_db

# WGS84 authalic radius: a sphere with the ellipsoid's surface.
R_KM = 6371.0072


def _spherical_box_km2(west, south, east, north) -> float:
    lat = math.radians
    return R_KM**2 * math.radians(east - west) * (math.sin(lat(north)) - math.sin(lat(south)))


@pytest.mark.parametrize("bbox", [(0, 0, 1, 1), (8.4, 47.3, 8.7, 47.45), (20, 69, 22, 70)])
def test_area_matches_the_surface_on_the_earth(bbox):
    area = make_area(slug="box", bbox=bbox)
    expected = _spherical_box_km2(*bbox)
    # The ellipsoid and the sphere of equal surface differ by well under 1% per box, while
    # square degrees or a Mercator surface would be off by a third at 47° and more further north.
    tolerance = 0.01 if connection.vendor == "postgresql" else 0.02
    assert area_km2(area) == pytest.approx(expected, rel=tolerance)
