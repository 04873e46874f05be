"""Each export format opens in the tools it is meant for and holds every camera."""

import csv
import io
import json
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveillance_map.cameras import services
from surveillance_map.cameras.models import Camera
from surveillance_map.exports import geojson, kml, osm, records
from surveillance_map.imports.readers import Record, read_records
from tests.factories import make_camera, make_operator, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def cameras():
    hik = make_vendor("Hikvision", country_of_origin="CN")
    return [
        make_camera(name='Gate "A" & <B>', vendor=hik, capabilities=["face_recognition"]),
        make_camera(direction_from=350, direction_to=20, operator=make_operator()),
        make_camera(osm_id=42, extra_tags={"note": "line one\nline two"}),
        make_camera(dataset="synthetic"),
    ]


def _export(fmt, path, *filters):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "export_cameras", "--format", fmt, "-o", str(path), *filters, stdout=out, stderr=err
    )
    return out.getvalue()


def _ogr_feature_count(path) -> int:
    info = subprocess.run(
        ["ogrinfo", "-ro", "-so", "-al", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return sum(
        int(line.split(":")[1]) for line in info.splitlines() if line.startswith("Feature Count:")
    )


def test_geojson_parses_with_tags_and_our_fields(cameras, tmp_path):
    _export("geojson", tmp_path / "c.geojson")
    data = json.loads((tmp_path / "c.geojson").read_text())
    by_id = {f["properties"]["sm:id"]: f for f in data["features"]}
    assert set(by_id) == {c.pk for c in cameras[:3]}
    first = by_id[cameras[0].pk]["properties"]
    assert first["name"] == 'Gate "A" & <B>'
    assert first["manufacturer"] == "Hikvision"
    assert first["sm:vendor_country"] == "CN"
    assert first["sm:capabilities"] == "face_recognition"
    assert by_id[cameras[1].pk]["properties"]["camera:direction"] == "350-20"
    assert by_id[cameras[2].pk]["id"] == "node/42"


def test_csv_parses_with_one_row_per_camera(cameras, tmp_path):
    _export("csv", tmp_path / "c.csv")
    rows = list(csv.DictReader((tmp_path / "c.csv").open(encoding="utf-8", newline="")))
    assert [int(r["id"]) for r in rows] == [c.pk for c in cameras[:3]]
    assert rows[0]["vendor_country"] == "CN" and rows[0]["name"] == 'Gate "A" & <B>'
    assert (rows[1]["direction_from"], rows[1]["direction_to"]) == ("350", "20")


def test_geopackage_opens_in_gdal(cameras, tmp_path):
    _export("gpkg", tmp_path / "c.gpkg")
    assert _ogr_feature_count(tmp_path / "c.gpkg") == 3


def test_kml_opens_in_gdal(cameras, tmp_path):
    _export("kml", tmp_path / "c.kml")
    assert _ogr_feature_count(tmp_path / "c.kml") == 3
    assert '<name>Gate "A" &amp; &lt;B&gt;</name>' in (tmp_path / "c.kml").read_text()


def test_osm_xml_reads_back_through_the_importer(cameras, tmp_path):
    _export("osm", tmp_path / "c.osm")
    items = list(read_records(tmp_path / "c.osm"))
    assert all(isinstance(item, Record) for item in items)
    assert sorted(item.osm_id or 0 for item in items) == [0, 0, 42]
    assert {item.ref for item in items} == {
        f"node/-{cameras[0].pk}",
        f"node/-{cameras[1].pk}",
        "node/42",
    }
    note = next(item for item in items if item.osm_id == 42).tags["note"]
    assert note == "line one\nline two"


def test_filters_apply_to_the_command(cameras, tmp_path):
    _export("csv", tmp_path / "c.csv", "--vendor-country", "CN")
    assert len(list(csv.DictReader((tmp_path / "c.csv").open()))) == 1


def test_bad_filter_is_a_command_error_and_writes_nothing(cameras, tmp_path):
    with pytest.raises(CommandError, match="--bbox"):
        _export("geojson", tmp_path / "c.geojson", "--bbox", "1,2,3")
    assert list(tmp_path.iterdir()) == []
    assert Camera.objects.count() == 4


@pytest.mark.parametrize("stream", [kml.stream_kml, osm.stream_osm, geojson._python_lines])
def test_python_writers_query_the_database_a_fixed_number_of_times(stream):
    def queries_for(count: int) -> int:
        for n in range(count):
            make_camera(osm_id=1000 + n // 2, direction=n % 360)  # two cameras per node
        with CaptureQueriesContext(connection) as queries:
            b"".join(stream(records.export_queryset(filters={})))
        return len(queries)

    # A query per camera would grow with the count; the chunked fetch does not.
    assert queries_for(4) == queries_for(20)


def test_osm_xml_leaves_removed_cameras_out_of_their_node(tmp_path):
    make_camera(osm_id=7, direction=90)
    services.camera_retire(camera=make_camera(osm_id=7, direction=180))
    make_camera(status="removed")
    _export("osm", tmp_path / "c.osm")
    (node,) = list(read_records(tmp_path / "c.osm"))
    assert node.osm_id == 7
    assert node.tags["camera:direction"] == "90"
