"""No CSV we write makes a spreadsheet run a formula; other formats keep the exact text."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection

from surveillance_map.exports import csvfile, records, snapshots
from surveillance_map.lib.csvcells import safe_cell
from tests.factories import make_camera, make_operator, make_program, make_vendor

pytestmark = pytest.mark.django_db
HOSTILE = {
    "name": '=HYPERLINK("http://evil.example","click")',
    "model": "+1+cmd|' /C calc'!A0",
    "brand": "-2+3",
    "manufacturer": "@SUM(1+1)*cmd|' /C calc'!A0",
}


@pytest.fixture
def hostile_camera(db):
    return make_camera(
        location=Point(-0.1278, -51.5, srid=4326),
        tilt=-30,
        direction=5,
        operator=make_operator("=1+1 Police", slug="police"),
        vendor=make_vendor("\tTabbed", slug="tabbed", country_of_origin="CN"),
        program=make_program("\rReturn", slug="return"),
        **HOSTILE,
    )


def rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode())))


def check(row: dict) -> None:
    for field, value in HOSTILE.items():
        assert row[field] == "'" + value, field
    assert row["operator"] == "'=1+1 Police"
    assert row["vendor"] == "'\tTabbed"
    assert row["program"] == "'\rReturn"
    # Numbers stay numbers, negative ones included.
    assert float(row["lon"]) == pytest.approx(-0.1278) and float(row["lat"]) == -51.5
    assert row["tilt"] == "-30" and row["direction"] == "5"


def test_the_api_csv_neutralises_formulas(client, hostile_camera):
    response = client.get("/api/v1/cameras.csv")
    (row,) = rows(b"".join(response.streaming_content))
    check(row)


def test_the_python_writer_neutralises_the_same_way(hostile_camera):
    (row,) = rows(b"".join(csvfile._python_rows(records.export_queryset(filters={}))))
    check(row)


def test_export_cameras_and_snapshots_neutralise_formulas(hostile_camera, tmp_path, settings):
    out = tmp_path / "cameras.csv"
    call_command("export_cameras", "--format", "csv", "-o", str(out), stdout=io.StringIO())
    check(rows(out.read_bytes())[0])
    settings.VAR_DIR = tmp_path
    snapshot = snapshots.publish_snapshot()
    check(rows((snapshot.path / "cameras.csv").read_bytes())[0])
    dictionary = json.loads((snapshot.path / "data-dictionary.json").read_text())
    assert "apostrophe" in dictionary["csv_formulas"]
    assert "apostrophe" in (snapshot.path / "data-dictionary.md").read_text()


def test_geojson_and_osm_xml_keep_the_exact_text(client, hostile_camera, tmp_path):
    features = json.loads(b"".join(client.get("/api/v1/cameras.geojson").streaming_content))
    properties = features["features"][0]["properties"]
    assert properties["name"] == HOSTILE["name"] and properties["model"] == HOSTILE["model"]
    out = tmp_path / "cameras.osm"
    call_command("export_cameras", "--format", "osm", "-o", str(out), stdout=io.StringIO())
    tags = {tag.get("k"): tag.get("v") for tag in ET.parse(out).iter("tag")}
    assert tags["name"] == HOSTILE["name"] and tags["brand"] == HOSTILE["brand"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=1", "'=1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("a=1", "a=1"), (-1, -1)],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL path is PostGIS only")
def test_the_import_report_neutralises_formulas(tmp_path):
    from surveillance_map.imports.importer import write_report

    class Result:
        rejections = [type("R", (), {"where": "=cmd", "ref": "@ref", "reason": "-x"})()]
        warnings = [("+w", "=m")]

    path = tmp_path / "report.csv"
    write_report(Result(), path)
    text = path.read_text()
    assert "'=cmd" in text and "'@ref" in text and "'+w" in text and "'=m" in text
