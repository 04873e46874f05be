"""Every export row carries its source dataset and licence and the basis of its claims; the
manifest and the API publish data quality; GeoNames is credited."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from surveillance_map.imports.importer import import_file
from surveillance_map.imports.models import Source
from surveillance_map.sightings import services
from tests.factories import make_area, make_moderator, make_sighting, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sources(tmp_path):
    source = Source.objects.create(
        name="Trafford Council CCTV", slug="trafford", licence="OGL-UK-3.0"
    )
    path = tmp_path / "cams.csv"
    path.write_text("lat,lon,surveillance:type,camera:type\n47.37,8.54,camera,dome\n")
    import_file(path, source=source)
    sighting = make_sighting(capabilities=["face_recognition"])
    services.sighting_approve(sighting=sighting, moderator=make_moderator())


def _rows(client, url):
    body = b"".join(client.get(url).streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_csv_rows_carry_source_licence_and_basis(client, two_sources):
    rows = _rows(client, "/api/v1/cameras.csv")
    by_source = {r["source"]: r for r in rows}
    assert by_source["Trafford Council CCTV"]["licence"] == "OGL-UK-3.0"
    own = by_source["Surveillance Map contributors"]
    assert own["licence"] == "ODbL-1.0"
    assert own["capability_basis"] == "face_recognition:reported"


def test_geojson_features_carry_source_and_licence(client, two_sources):
    body = b"".join(client.get("/api/v1/cameras.geojson").streaming_content)
    props = [f["properties"] for f in json.loads(body)["features"]]
    assert {(p["sm:source"], p["sm:licence"]) for p in props} == {
        ("Trafford Council CCTV", "OGL-UK-3.0"),
        ("Surveillance Map contributors", "ODbL-1.0"),
    }


def test_the_csv_filters_by_basis(client, two_sources):
    rows = _rows(client, "/api/v1/cameras.csv?capability=face_recognition&basis=reported")
    assert len(rows) == 1
    assert _rows(client, "/api/v1/cameras.csv?capability=face_recognition&basis=documented") == []


def test_the_snapshot_manifest_holds_credits_and_data_quality(two_sources, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    make_area()
    make_vendor()
    call_command("publish_dataset", stdout=io.StringIO())
    (manifest_path,) = tmp_path.glob("datasets/*/manifest.json")
    manifest = json.loads(manifest_path.read_text())
    assert any(
        c["source"] == "GeoNames" and c["licence"] == "CC-BY-4.0" for c in manifest["credits"]
    )
    quality = manifest["data_quality"]["areas"]["testville"]
    assert quality["cameras"] == 2
    assert quality["claims_by_basis"]["reported"] == 1
    assert "hikvision" in manifest["data_quality"]["vendors"]
    dictionary = (manifest_path.parent / "data-dictionary.md").read_text()
    assert "`licence`" in dictionary and "reported" in dictionary


def test_the_api_gives_an_areas_data_quality(client, two_sources):
    make_area()
    quality = client.get("/api/v1/areas/testville/").json()["properties"]["data_quality"]
    assert quality["cameras"] == 2
    assert quality["claims_by_basis"]["tagged"] == 0


def test_the_data_page_credits_geonames(client):
    html = client.get("/data/").content.decode()
    assert "GeoNames" in html and "CC BY 4.0" in html


def test_the_api_names_the_source_a_tagged_claim_rests_on(client, two_sources):
    from surveillance_map.imports.models import SourceRecord

    camera_id = SourceRecord.objects.get().camera_id
    detail = client.get(f"/api/v1/cameras/{camera_id}/").json()["properties"]
    assert detail["sources"][0]["name"] == "Trafford Council CCTV"
    assert detail["sources"][0]["licence"] == "OGL-UK-3.0"
