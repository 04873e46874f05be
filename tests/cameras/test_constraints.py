"""The database itself refuses impossible cameras, whatever code writes them."""

import pytest
from django.contrib.gis.geos import Point
from django.db import IntegrityError, connection, transaction

from surveillance_map.cameras.models import Camera

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields, constraint",
    [
        ({"location": Point(181, 0)}, "camera_longitude_range"),
        ({"location": Point(0, -90.5)}, "camera_latitude_range"),
        ({"direction": 360}, "camera_direction_0_359"),
        ({"direction": -1}, "camera_direction_0_359"),
        ({"direction_from": 10}, "camera_direction_range_complete"),
        (
            {"direction_from": 10, "direction_to": 20, "direction": 15},
            "camera_direction_range_complete",
        ),
        ({"tilt": -91}, "camera_tilt_range"),
        ({"height": -1}, "camera_height_range"),
        ({"angle_of_view": 0}, "camera_angle_of_view_range"),
        ({"angle_of_view": 361}, "camera_angle_of_view_range"),
    ],
)
def test_database_refuses(fields, constraint):
    fields.setdefault("location", Point(8.5, 47.4))
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Camera.objects.create(**fields)


def test_database_accepts_a_range_across_north():
    camera = Camera.objects.create(location=Point(8.5, 47.4), direction_from=338, direction_to=23)
    assert camera.pk


def test_location_has_a_spatial_index():
    with connection.cursor() as cursor:
        cursor.execute("select indexdef from pg_indexes where tablename = 'cameras_camera'")
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("USING gist (location)" in d for d in definitions)
