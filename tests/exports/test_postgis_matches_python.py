"""The GeoJSON and CSV the database writes are the ones the Python writers make."""

import csv
import io
import json
from datetime import date

import pytest
from django.db import connection

from surveillance_map.cameras import services
from surveillance_map.cameras.models import Camera
from surveillance_map.exports import csvfile, geojson, postgis, records
from tests.factories import make_camera, make_operator, make_vendor

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL path is PostGIS only"),
]


def _features(stream) -> dict:
    return {f["id"]: f for f in json.loads(b"".join(stream))["features"]}


def test_sql_features_equal_python_features_for_the_real_samples(samples):
    cameras = records.export_queryset(filters={})
    sql = _features(geojson.stream_geojson(cameras))
    python = {f["id"]: f for f in (geojson.feature(c) for c in records.iterate(cameras))}
    assert len(sql) == cameras.count() > 2000
    assert sql.keys() == python.keys()
    for ref, feature in python.items():
        assert sql[ref]["properties"] == feature["properties"], ref
        assert sql[ref]["geometry"]["coordinates"] == pytest.approx(
            feature["geometry"]["coordinates"], abs=1e-9
        )


def test_cameras_whose_raw_spelling_differs_are_rendered_in_python(samples):
    camera = Camera.objects.filter(original_tags__has_key="camera:mount").first()
    services.camera_update(
        camera=camera,
        fields={"original_tags": {**camera.original_tags, "camera:mount": camera.mount.upper()}},
    )
    source, source_params, where, where_params = postgis._source(Camera.objects.all())
    flagged = Camera.objects.raw(
        f"SELECT c.id {source} {where} AND {postgis.needs_python_sql()}",
        (*source_params, *where_params),
    )
    assert camera.pk in {c.pk for c in flagged}
    (feature,) = [
        f
        for f in json.loads(
            b"".join(
                geojson.stream_geojson(records.export_queryset(filters={}).filter(pk=camera.pk))
            )
        )["features"]
    ]
    assert feature["properties"]["camera:mount"] == camera.mount.upper()


def _rows(stream) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(stream).decode())))


def test_sql_csv_equals_python_csv_for_the_real_samples(samples):
    cameras = records.export_queryset(filters={})
    sql_rows = list(csv.DictReader(io.StringIO(b"".join(csvfile.stream_csv(cameras)).decode())))
    python_rows = list(
        csv.DictReader(io.StringIO(b"".join(csvfile._python_rows(cameras)).decode()))
    )
    assert len(sql_rows) == len(python_rows) == cameras.count()
    for sql_row, python_row in zip(sql_rows, python_rows, strict=True):
        for name in ("lon", "lat", "height"):
            a, b = sql_row.pop(name), python_row.pop(name)
            assert (a == b == "") or float(a) == pytest.approx(float(b), abs=1e-9)
        assert sql_row == python_row


def test_sql_features_equal_python_features_for_cameras_made_here():
    # Cameras created here (no raw tags) take the SQL's shorter path.
    axis = make_vendor("Axis", country_of_origin="SE", wikidata="Q1")
    police = make_operator('Police "Nord"', operator_type="police", wikidata="Q2")
    make_camera(
        name="Tor\\1 «Süd»\n",
        camera_type="dome",
        mount="street_lamp",
        zone="traffic",
        placement="public",
        direction_from=350,
        direction_to=10,
        angle_of_view=90,
        tilt=-15,
        height=2.5,
        operator=police,
        vendor=axis,
        model="Q6075",
        first_seen=date(2020, 1, 2),
        last_verified=date(2025, 3, 4),
        capabilities=["ptz", "audio"],
        extra_tags={"note": 'say "hi"', "camera:mount": "gone"},
    )
    make_camera(direction=0, manufacturer="Hanwha", brand="Wisenet", vendor=axis, status="removed")
    make_camera(operator=make_operator("Anon", operator_type="unknown"))
    cameras = records.export_queryset(filters={})
    sql = _features(geojson.stream_geojson(cameras))
    python = {f["id"]: f for f in (geojson.feature(c) for c in records.iterate(cameras))}
    assert sql.keys() == python.keys() and len(sql) == 3
    for ref, feature in python.items():
        assert sql[ref]["properties"] == feature["properties"], ref
