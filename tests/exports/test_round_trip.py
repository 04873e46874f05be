"""Real samples → export (OSM XML, GeoJSON) → import into an empty database: nothing lost."""

import io
import json

import pytest
from django.core.management import call_command

from surveillance_map.imports.models import Source
from tests.exports.conftest import DATA, import_file
from tests.exports.helpers import empty_the_database, states_by_feature_id, states_by_ref

pytestmark = pytest.mark.django_db


def _export(fmt: str, path) -> None:
    call_command(
        "export_cameras",
        "--format",
        fmt,
        "-o",
        str(path),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def test_geojson_round_trip_keeps_every_camera_and_tag(samples, tmp_path):
    before = states_by_feature_id()
    _export("geojson", tmp_path / "cameras.geojson")
    empty_the_database()
    import_file(
        tmp_path / "cameras.geojson",
        "--source",
        "Mirror",
        "--licence",
        "ODbL-1.0",
        report_dir=tmp_path,
    )
    after = states_by_ref(Source.objects.get(slug="mirror"))
    assert len(before) > 2000
    assert after == before


def _osm_key(feature_id: str, osm_id) -> str:
    # Cameras without an OSM id travel as new nodes with our id negated.
    return feature_id.replace("camera/", "node/-") if osm_id is None else feature_id


def test_osm_round_trip_keeps_every_camera_and_tag(samples, tmp_path):
    before = {_osm_key(k, v["osm_id"]): v for k, v in states_by_feature_id().items()}
    _export("osm", tmp_path / "cameras.osm")
    empty_the_database()
    import_file(
        tmp_path / "cameras.osm", "--source", "Mirror", "--licence", "ODbL-1.0", report_dir=tmp_path
    )
    after = states_by_ref(Source.objects.get(slug="mirror"))
    assert len(before) > 2000
    assert after == before


def test_osm_nodes_come_back_with_exactly_their_original_tags(tmp_path):
    elements = json.loads((DATA / "osm_switzerland_overpass_elements.json").read_text())
    original = {f"node/{e['id']}": e["tags"] for e in elements if e.get("type") == "node"}
    import_file(DATA / "osm_switzerland_overpass_elements.json", report_dir=tmp_path)
    _export("osm", tmp_path / "cameras.osm")
    import osmium

    exported = {
        f"node/{node.id}": dict(node.tags)
        for node in osmium.FileProcessor(str(tmp_path / "cameras.osm"))
    }
    assert exported == original
