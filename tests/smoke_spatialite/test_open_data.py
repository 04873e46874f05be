"""The open data works on the embedded SpatiaLite path too: API, streamed exports, snapshots.

(On SpatiaLite the exports take the Python writers; on PostGIS the database builds the text.)
"""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import make_camera, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def cameras():
    vendor = make_vendor("Axis", country_of_origin="SE")
    return [make_camera(vendor=vendor, capabilities=["ptz"]), make_camera(camera_type="dome")]


def test_api_lists_filters_and_rejects_a_bad_bbox(client, cameras):
    page = client.get("/api/v1/cameras/", {"vendor_country": "SE", "bbox": "8,47,9,48"}).json()
    assert [f["id"] for f in page["features"]] == [cameras[0].pk]
    assert client.get("/api/v1/cameras/", {"bbox": "8,47"}).status_code == 400


def test_streamed_exports_hold_every_camera(client, cameras):
    body = b"".join(client.get("/api/v1/cameras.geojson").streaming_content)
    assert len(json.loads(body)["features"]) == 2
    text = b"".join(client.get("/api/v1/cameras.csv").streaming_content).decode()
    assert len(list(csv.DictReader(io.StringIO(text)))) == 2


def test_publish_dataset_writes_every_format(settings, tmp_path, client, cameras):
    settings.VAR_DIR = tmp_path
    call_command("publish_dataset", stdout=StringIO(), stderr=StringIO())
    (version,) = [p.name for p in (tmp_path / "datasets").iterdir()]
    manifest = json.loads((tmp_path / "datasets" / version / "manifest.json").read_text())
    assert {f["name"] for f in manifest["files"]} >= {"cameras.gpkg", "cameras.osm"}
    assert client.get(f"/data/{version}/cameras.kml").status_code == 200
