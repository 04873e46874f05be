"""A small town for reports: Alice's area ("Testville") with cameras inside and outside it.

Inside: two Chinese-made cameras (one an ALPR run by the police, one removed), a Swedish dome
run by a shop, a camera by a vendor whose country nobody knows, and one with no vendor at all.
Outside: a camera that must never be counted. Plus a synthetic camera inside, never public.
"""

from datetime import date

import pytest
from django.contrib.gis.geos import Point

from tests.factories import make_area, make_camera, make_operator, make_vendor


@pytest.fixture
def town(db):
    area = make_area(country="CH")
    hik = make_vendor("Hikvision", country_of_origin="CN")
    axis = make_vendor("Axis", country_of_origin="SE")
    nameless = make_vendor("Mystery Cams")  # no country of origin
    police = make_operator("Town Police", operator_type="police")
    shop = make_operator("Corner Shop", operator_type="private")
    cameras = [
        make_camera(
            location=Point(8.541, 47.370),
            surveillance_type="ALPR",
            vendor=hik,
            operator=police,
            zone="traffic",
            capabilities=["plate_reading", "infrared"],
            first_seen=date(2021, 5, 1),
            last_verified=date(2025, 6, 1),
        ),
        make_camera(
            location=Point(8.545, 47.371),
            vendor=hik,
            status="removed",
            first_seen=date(2019, 1, 1),
        ),
        make_camera(
            location=Point(8.550, 47.372),
            camera_type="dome",
            vendor=axis,
            operator=shop,
            zone="shop",
            capabilities=["infrared"],
            first_seen=date(2021, 9, 9),
            last_verified=date(2020, 1, 1),
        ),
        make_camera(location=Point(8.552, 47.365), vendor=nameless, status="unknown"),
        make_camera(location=Point(8.535, 47.375), surveillance_type=""),
        make_camera(location=Point(8.60, 47.40), vendor=hik),  # outside
        make_camera(location=Point(8.54, 47.37), vendor=hik, dataset="synthetic"),
    ]
    return {"area": area, "cameras": cameras, "vendors": [hik, axis, nameless]}
