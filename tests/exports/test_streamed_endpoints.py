"""/api/v1/cameras.geojson and .csv stream the whole filtered result."""

import csv
import io
import json

import pytest

from tests.factories import make_camera

pytestmark = pytest.mark.django_db


@pytest.fixture
def cameras():
    return [make_camera(camera_type="dome") for _ in range(3)] + [make_camera(camera_type="fixed")]


def test_geojson_endpoint_streams_a_feature_collection(client, cameras):
    response = client.get("/api/v1/cameras.geojson", {"camera_type": "dome"})
    assert response.streaming
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(b"".join(response.streaming_content))
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["sm:id"] for f in data["features"]] == [c.pk for c in cameras[:3]]


def test_csv_endpoint_streams_rows(client, cameras):
    response = client.get("/api/v1/cameras.csv", {"camera_type": "fixed"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [int(r["id"]) for r in rows] == [cameras[3].pk]


def test_an_empty_result_is_still_valid_geojson(client, cameras):
    response = client.get("/api/v1/cameras.geojson", {"bbox": "0,0,1,1"})
    assert json.loads(b"".join(response.streaming_content))["features"] == []
