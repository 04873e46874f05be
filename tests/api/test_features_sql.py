"""The list endpoint's features, written by PostGIS, are the ones the serializer writes."""

import json
from datetime import date

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from surveillance_map.api.features import features_json
from surveillance_map.api.serializers import CameraFeatureSerializer
from surveillance_map.cameras.models import Camera
from tests.exports.conftest import DATA, SAMPLES, import_file
from tests.factories import make_camera, make_operator, make_program, make_vendor

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL path is PostGIS only"),
]


def _serialized(ids: list[int]) -> list[dict]:
    cameras = Camera.objects.filter(pk__in=ids).order_by("id").prefetch_related("capabilities")
    return CameraFeatureSerializer(cameras, many=True).data["features"]


def _assert_same(sql: list[dict], python: list[dict]) -> None:
    assert [f["id"] for f in sql] == [f["id"] for f in python]
    for ours, theirs in zip(sql, python, strict=True):
        assert ours["type"] == theirs["type"] == "Feature"
        assert ours["properties"] == theirs["properties"], ours["id"]
        assert ours["geometry"]["type"] == theirs["geometry"]["type"] == "Point"
        assert ours["geometry"]["coordinates"] == pytest.approx(
            theirs["geometry"]["coordinates"], abs=1e-12
        )


def test_every_field_and_link_is_written_as_the_serializer_writes_it():
    make_camera(
        location=Point(8.123456789012, 47.3, srid=4326),
        name="Bahnhofplatz «Nord»",
        direction=90,
        height=3.5,
        first_seen=date(2024, 5, 1),
        operator=make_operator(),
        vendor=make_vendor(),
        program=make_program(),
        capabilities=["ptz", "face_recognition"],
    )
    make_camera(height=3.0)
    ids = list(Camera.objects.order_by("id").values_list("id", flat=True))

    _assert_same(json.loads(features_json(ids)), _serialized(ids))


def test_the_real_samples_come_out_the_same(tmp_path):
    for name, options in SAMPLES[:2]:
        import_file(DATA / name, *options, report_dir=tmp_path)

    ids = list(Camera.objects.order_by("id").values_list("id", flat=True))
    assert len(ids) > 1000
    _assert_same(json.loads(features_json(ids)), _serialized(ids))


def test_a_bbox_page_of_the_endpoint_holds_the_cameras_in_the_box(client):
    inside = [make_camera(location=Point(8.5, 47.4, srid=4326)).pk for _ in range(3)]
    make_camera(location=Point(-78.5, -0.2, srid=4326))
    page = client.get("/api/v1/cameras/", {"bbox": "8,47,9,48", "page_size": 2})
    assert page.status_code == 200 and page["Content-Type"] == "application/json"
    body = page.json()
    assert body["type"] == "FeatureCollection" and body["previous"] is None
    assert [f["id"] for f in body["features"]] == inside[:2]
    rest = client.get(body["next"]).json()
    assert [f["id"] for f in rest["features"]] == inside[2:] and rest["next"] is None


def test_an_empty_page_is_an_empty_collection(client):
    body = client.get("/api/v1/cameras/", {"bbox": "8,47,9,48"}).json()
    assert body == {"type": "FeatureCollection", "next": None, "previous": None, "features": []}
