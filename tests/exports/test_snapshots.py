"""publish_dataset writes a complete, checksummed, attributed snapshot; /data/ serves it."""

import hashlib
import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from surveillance_map.cameras import services
from surveillance_map.exports.snapshots import datasets_dir, publish_snapshot
from tests.factories import make_camera

pytestmark = pytest.mark.django_db

FORMATS = {"cameras.geojson", "cameras.csv", "cameras.gpkg", "cameras.kml", "cameras.osm"}


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def test_manifest_lists_every_file_with_its_checksum(samples):
    snapshot = publish_snapshot(now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    manifest = json.loads((snapshot.path / "manifest.json").read_text())
    assert manifest["version"] == "2026-01-02T030405Z"
    assert manifest["licence"] == "ODbL-1.0"
    names = {f["name"] for f in manifest["files"]}
    assert FORMATS | {"data-dictionary.json", "data-dictionary.md"} == names
    for entry in manifest["files"]:
        data = (snapshot.path / entry["name"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
    geojson = json.loads((snapshot.path / "cameras.geojson").read_text())
    assert len(geojson["features"]) == manifest["counts"]["cameras"] > 2000
    credited = {a["source"]: a for a in manifest["attribution"]}
    assert credited["OpenStreetMap"]["attribution"] == "© OpenStreetMap contributors"
    assert credited["Trafford CCTV"]["licence"] == "OGL-3.0"
    assert "Dakar survey" in credited


def test_data_dictionary_is_generated_from_the_vocabularies():
    snapshot = publish_snapshot()
    dictionary = json.loads((snapshot.path / "data-dictionary.json").read_text())
    mounts = [v["value"] for v in dictionary["vocabularies"]["Mount"]]
    assert "street_lamp" in mounts
    tilt = next(f for f in dictionary["osm_tags"]["fields"] if f["field"] == "tilt")
    assert tilt["keys"] == ["camera:tilt", "camera:angle"]
    assert {c["name"] for c in dictionary["csv_columns"]} >= {"vendor_country", "capabilities"}


def test_old_snapshots_stay_and_data_page_lists_them_newest_first(client):
    make_camera(name="<b>Gate</b>")
    call_command("publish_dataset", stdout=io.StringIO(), stderr=io.StringIO())
    older = publish_snapshot(now=datetime(2020, 1, 1, tzinfo=UTC))
    versions = sorted(p.name for p in datasets_dir().iterdir())
    assert len(versions) == 2 and older.version == versions[0]
    html = client.get("/data/").content.decode()
    assert html.index(versions[1]) < html.index(versions[0])
    assert f"/data/{older.version}/cameras.gpkg" in html


def test_snapshot_files_download_and_nothing_else_does(client):
    snapshot = publish_snapshot(now=datetime(2026, 1, 2, tzinfo=UTC))
    response = client.get(f"/data/{snapshot.version}/cameras.csv")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (snapshot.path / "cameras.csv").read_bytes()
    (datasets_dir() / "secret.txt").write_text("no")
    for path in (
        f"/data/{snapshot.version}/..%2Fsecret.txt",
        f"/data/{snapshot.version}/secret.txt",
        "/data/..%2F..%2Fsettings.py/manifest.json",
        "/data/2026-01-03T000000Z/cameras.csv",
    ):
        assert client.get(path).status_code == 404, path


def test_if_changed_publishes_only_when_the_data_changed():
    def publish() -> str:
        out = io.StringIO()
        call_command("publish_dataset", "--if-changed", stdout=out, stderr=io.StringIO())
        return out.getvalue()

    camera = make_camera()
    assert "Published" in publish()
    assert "up to date" in publish()
    services.camera_retire(camera=camera)
    assert "Published" in publish()
    assert len(list(datasets_dir().iterdir())) == 2  # both kept, even within one second
