"""A camera's derived columns (capability codes, spatial key) stay exact whatever writes it."""

import random

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection

from surveillance_map.cameras import bulk, services
from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.spatial import spatial_key
from surveillance_map.imports import synthetic
from tests.factories import make_camera

pytestmark = pytest.mark.django_db
postgis_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="SQL is PostGIS's")


def codes_of_links(camera: Camera) -> str:
    return ",".join(camera.capabilities.order_by("code").values_list("code", flat=True))


def stored(camera: Camera) -> tuple[str, int]:
    camera.refresh_from_db()
    return camera.capability_codes, camera.spatial_key


def test_the_services_keep_the_codes_and_the_key():
    camera = make_camera(location=Point(8.5, 47.3), capabilities=["ptz", "audio"])
    assert stored(camera) == ("audio,ptz", spatial_key(8.5, 47.3))

    first = services.camera_update(camera=camera, fields={}, capabilities=["face_recognition"])
    assert stored(camera) == ("face_recognition", spatial_key(8.5, 47.3))
    services.camera_update(camera=camera, fields={"location": Point(-70.1, -33.4)})
    assert stored(camera) == ("face_recognition", spatial_key(-70.1, -33.4))
    services.camera_update(camera=camera, fields={}, capabilities=[])
    assert stored(camera)[0] == ""

    services.camera_revert(camera=camera, revision=first)
    assert stored(camera) == ("face_recognition", spatial_key(8.5, 47.3))
    assert camera.capability_codes == codes_of_links(camera)


def test_a_bulk_create_keeps_them_too():
    writes = [
        services.CameraWrite({"location": Point(2.35, 48.85)}, ["ptz", "audio", "ptz"]),
        services.CameraWrite({"location": Point(2.36, 48.86)}),
    ]
    ids = bulk.cameras_create_bulk(writes=writes, actor_label="test")
    assert [stored(Camera.objects.get(pk=pk)) for pk in ids] == [
        ("audio,ptz", spatial_key(2.35, 48.85)),
        ("", spatial_key(2.36, 48.86)),
    ]


@postgis_only
def test_the_sql_generator_writes_them_as_the_services_do():
    synthetic.generate(count=300, seed=2)
    for camera in Camera.objects.filter(dataset="synthetic").prefetch_related("capabilities"):
        assert camera.capability_codes == ",".join(c.code for c in camera.capabilities.all())
        assert camera.spatial_key == spatial_key(camera.location.x, camera.location.y)


@postgis_only
def test_the_sql_key_is_the_python_key():
    rng = random.Random(7)
    points = [(-180.0, -90.0), (180.0, 90.0), (0.0, 0.0), (-0.0000001, 51.4779)]
    points += [(rng.uniform(-180, 180), rng.uniform(-90, 90)) for _ in range(500)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT cameras_spatial_key(lon, lat) FROM unnest(%s::float8[], %s::float8[])"
            " AS p (lon, lat)",
            [[p[0] for p in points], [p[1] for p in points]],
        )
        assert [row[0] for row in cursor.fetchall()] == [spatial_key(*p) for p in points]


def test_the_key_grows_with_either_coordinate_and_fits_a_bigint():
    assert 0 <= spatial_key(-180, -90) < spatial_key(180, 90) < 2**62
    rng = random.Random(3)
    for _ in range(200):
        lon, lat = rng.uniform(-180, 170), rng.uniform(-90, 80)
        key = spatial_key(lon, lat)
        assert spatial_key(lon + rng.uniform(0, 10), lat) >= key
        assert spatial_key(lon, lat + rng.uniform(0, 10)) >= key


@postgis_only
@pytest.mark.django_db(transaction=True)  # CLUSTER waits for no deferred trigger
def test_cluster_cameras_orders_the_table_by_its_key(capsys):
    make_camera(location=Point(100, 10))
    make_camera(location=Point(-100, -10))
    call_command("cluster_cameras")
    assert "Clustered cameras_camera" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute("SELECT spatial_key FROM cameras_camera ORDER BY ctid")
        keys = [row[0] for row in cursor.fetchall()]
    assert keys == sorted(keys)
