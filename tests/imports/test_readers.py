"""Tests for the file readers (pure parsing, no database)."""

import json
from pathlib import Path

import osmium
import pytest

from surveillance_map.imports.readers import (
    Record,
    Rejection,
    UnreadableFile,
    detect_format,
    parse_column_map,
    read_records,
)

DATA = Path(__file__).resolve().parent.parent / "data"
SWISS = DATA / "osm_switzerland_overpass_elements.json"
TRAFFORD_CSV = DATA / "registry_trafford_cctv.csv"
TRAFFORD_GEOJSON = DATA / "registry_trafford_cctv.geojson"
DAKAR = DATA / "community_dakar_videosurveillance.geojson"

CAMERA = {"man_made": "surveillance", "surveillance": "public"}


def split(items):
    """(records, rejections) from an iterable of reader items."""
    items = list(items)
    return (
        [i for i in items if isinstance(i, Record)],
        [i for i in items if isinstance(i, Rejection)],
    )


def reasons(rejections):
    return [(r.where, r.reason) for r in rejections]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def osm_xml(body: str) -> str:
    return f"<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6'>\n{body}\n</osm>\n"


# --- real samples ---------------------------------------------------------------------------


def test_swiss_overpass_sample_gives_all_2144_nodes_and_no_rejections():
    stream = read_records(SWISS)
    records, rejections = split(stream)
    assert (len(records), rejections, stream.skipped) == (2144, [], 0)
    assert stream.format == "overpass"


def test_overpass_record_carries_node_ref_osm_id_coordinates_and_tags():
    first = next(read_records(SWISS))
    assert first == Record(
        ref="node/29773946",
        lon=8.820002,
        lat=47.2284849,
        tags={"man_made": "surveillance", "surveillance": "public"},
        osm_id=29773946,
        where="node 29773946",
    )


def test_trafford_csv_gives_163_records_with_camera_id_refs_and_file_line_numbers():
    records, rejections = split(read_records(TRAFFORD_CSV))
    assert (len(records), rejections) == (163, [])
    first = records[0]
    assert (first.ref, first.lon, first.lat, first.where) == (
        "1001",
        -2.284777,
        53.464515,
        "line 2",
    )
    assert first.tags == {
        "location": "Trafford Wharf Road",
        "area_name": "Gorse Hill & Cornbrook",
        "area_code": "E05015247",
    }
    assert first.osm_id is None
    assert records[-1].where == "line 164"


def test_trafford_geojson_float_ids_give_the_same_refs_coordinates_and_tags_as_the_csv():
    records, rejections = split(read_records(TRAFFORD_GEOJSON))
    assert (len(records), rejections) == (163, [])
    assert records[0].ref == "1001"
    csv_records, _ = split(read_records(TRAFFORD_CSV))
    as_tuples = [(r.ref, r.lon, r.lat, r.tags) for r in records]
    assert as_tuples == [(r.ref, r.lon, r.lat, r.tags) for r in csv_records]


def test_dakar_geojson_without_properties_gives_103_records_with_feature_refs():
    records, rejections = split(read_records(DAKAR))
    assert (len(records), rejections) == (103, [])
    assert (records[0].ref, records[0].where, records[0].tags) == ("feature:1", "feature 1", {})
    assert (records[0].lon, records[0].lat) == (-17.47515, 14.7008)


@pytest.mark.parametrize(
    ("path", "fmt"),
    [(SWISS, "overpass"), (TRAFFORD_CSV, "csv"), (TRAFFORD_GEOJSON, "geojson"), (DAKAR, "geojson")],
)
def test_detect_format_recognises_each_sample(path, fmt):
    assert detect_format(path) == fmt


# --- Overpass JSON --------------------------------------------------------------------------

ELEMENTS = [
    {"type": "node", "id": 1, "lat": 47.1, "lon": 8.5, "tags": CAMERA},
    {"id": 2, "lat": 47.2, "lon": 8.6, "tags": CAMERA},  # no "type": a node
    {"type": "node", "id": 3, "lat": 47.3, "lon": 8.7, "tags": {"surveillance": "outdoor"}},
    {"type": "node", "id": 4, "lat": 47.4, "lon": 8.8},
    {"type": "way", "id": 5, "center": {"lat": 47.5, "lon": 8.9}, "tags": CAMERA},
    {"type": "relation", "id": 6, "members": [], "tags": CAMERA},
]


@pytest.mark.parametrize("wrapped", [True, False], ids=["elements-wrapper", "bare-array"])
def test_overpass_wrapper_and_bare_array_give_the_same_cameras_and_skip_decoys(tmp_path, wrapped):
    data = {"version": 0.6, "elements": ELEMENTS} if wrapped else ELEMENTS
    path = write(tmp_path / "cams.json", json.dumps(data))
    assert detect_format(path) == "overpass"
    stream = read_records(path)
    records, rejections = split(stream)
    assert [r.ref for r in records] == ["node/1", "node/2"]
    assert (rejections, stream.skipped) == ([], 4)


def test_overpass_malformed_elements_are_rejected_not_raised(tmp_path):
    elements = [
        "node/1",
        {"type": "node", "id": 2, "tags": CAMERA},
        {"type": "node", "id": 3, "lat": 123.4, "lon": 8.5, "tags": CAMERA},
        {"type": "node", "lat": 47.0, "lon": 8.5, "tags": CAMERA},
        {"type": "node", "id": 5, "lat": 47.0, "lon": 8.5, "tags": CAMERA},
    ]
    path = write(tmp_path / "cams.json", json.dumps({"elements": elements}))
    records, rejections = split(read_records(path, fmt="overpass"))
    assert [r.ref for r in records] == ["node/5"]
    assert reasons(rejections) == [
        ("element 1", "element or its tags is not a JSON object"),
        ("node 2", "missing coordinates"),
        ("node 3", "latitude 123.4 out of range (-90..90)"),
        ("element 4", "node id None is not an integer"),
    ]


# --- OSM XML and PBF ------------------------------------------------------------------------


def test_osm_xml_decoys_are_skipped_and_counted_not_rejected(tmp_path):
    path = write(
        tmp_path / "extract.osm",
        osm_xml(
            """
  <node id="1" lat="47.1" lon="8.5"><tag k="man_made" v="surveillance"/>
    <tag k="camera:type" v="dome"/></node>
  <node id="2" lat="47.2" lon="8.6"><tag k="surveillance" v="outdoor"/></node>
  <node id="3" lat="47.3" lon="8.7"/>
  <node id="4" lat="47.4" lon="8.8"><tag k="amenity" v="bench"/></node>
  <way id="10"><nd ref="3"/><nd ref="4"/><tag k="man_made" v="surveillance"/></way>
  <relation id="20"><member type="node" ref="1" role=""/>
    <tag k="man_made" v="surveillance"/></relation>"""
        ),
    )
    stream = read_records(path)
    records, rejections = split(stream)
    assert records == [
        Record(
            ref="node/1",
            lon=8.5,
            lat=47.1,
            tags={"man_made": "surveillance", "camera:type": "dome"},
            osm_id=1,
            where="node 1",
        )
    ]
    assert (rejections, stream.skipped, stream.format) == ([], 5, "osm")


def test_osm_xml_camera_with_missing_or_out_of_range_location_is_rejected(tmp_path):
    tag = '<tag k="man_made" v="surveillance"/>'
    path = write(
        tmp_path / "extract.xml",  # .xml is read as OSM XML too
        osm_xml(
            f'<node id="1">{tag}</node>\n'
            f'<node id="2" lat="95.5" lon="8.5">{tag}</node>\n'
            f'<node id="3" lat="47" lon="-200">{tag}</node>'
        ),
    )
    records, rejections = split(read_records(path))
    assert records == []
    assert [(r.ref, r.reason) for r in rejections] == [
        ("node/1", "missing coordinates"),
        ("node/2", "latitude 95.5 out of range (-90..90)"),
        ("node/3", "longitude -200.0 out of range (-180..180)"),
    ]


def test_osm_pbf_written_with_pyosmium_is_read_and_decoys_are_counted(tmp_path):
    path = tmp_path / "extract.osm.pbf"
    with osmium.SimpleWriter(str(path)) as writer:
        writer.add_node(osmium.osm.mutable.Node(id=7, location=(8.5, 47.1), tags=CAMERA))
        writer.add_node(osmium.osm.mutable.Node(id=8, location=(8.6, 47.2), tags={}))
        writer.add_way(osmium.osm.mutable.Way(id=9, nodes=[7, 8], tags=CAMERA))
    assert detect_format(path) == "pbf"
    stream = read_records(path)
    records, rejections = split(stream)
    assert [(r.ref, r.osm_id, r.lon, r.lat, r.tags) for r in records] == [
        ("node/7", 7, 8.5, 47.1, CAMERA)
    ]
    assert (rejections, stream.skipped) == ([], 2)


def test_broken_osm_xml_raises_unreadable_file_while_streaming(tmp_path):
    path = write(tmp_path / "broken.osm", "<osm version='0.6'><node id='1' lat='1' lon='2'>")
    with pytest.raises(UnreadableFile, match="cannot read as OSM"):
        list(read_records(path))


# --- GeoJSON --------------------------------------------------------------------------------


def feature(geometry, properties=None, **extra):
    return {"type": "Feature", "geometry": geometry, "properties": properties, **extra}


def point(*coordinates):
    return {"type": "Point", "coordinates": list(coordinates)}


def test_geojson_only_points_with_valid_coordinates_become_records(tmp_path):
    features = [
        feature(point(8.5, 47.1, 430.0), {"man_made": "surveillance", "lit": True, "dir": [90]}),
        feature({"type": "LineString", "coordinates": [[8, 47], [9, 47]]}),
        feature(None, {"camera_id": 1003.0}),
        feature(point(8.5)),
        feature(point(53.4, 534645.15)),
        "not a feature",
    ]
    path = write(
        tmp_path / "cams.geojson", json.dumps({"type": "FeatureCollection", "features": features})
    )
    records, rejections = split(read_records(path))
    assert [(r.lon, r.lat, r.tags) for r in records] == [
        (8.5, 47.1, {"man_made": "surveillance", "lit": "true", "dir": "[90]"})
    ]
    assert [(r.where, r.ref, r.reason) for r in rejections] == [
        ("feature 2", "feature:2", "geometry type LineString is not a Point"),
        ("feature 3", "1003", "missing coordinates (no geometry)"),
        ("feature 4", "feature:4", "missing coordinates"),
        ("feature 5", "feature:5", "latitude 534645.15 out of range (-90..90)"),
        ("feature 6", None, "feature or its properties is not a JSON object"),
    ]


def test_geojson_ref_comes_from_the_map_then_the_feature_id_then_id_like_properties(tmp_path):
    features = [
        feature(point(1, 2), {"code": "A-1", "ref": "R1"}, id=11),
        feature(point(1, 2), {"ref": "R2", "none": None}, id=12.0),
        feature(point(1, 2), {"ref": "R3"}),
    ]
    path = write(
        tmp_path / "cams.json", json.dumps({"type": "FeatureCollection", "features": features})
    )
    by_default = [(r.ref, r.tags) for r in read_records(path)]
    assert by_default == [
        ("11", {"code": "A-1", "ref": "R1"}),
        ("12", {"ref": "R2"}),
        ("R3", {}),
    ]
    assert [r.ref for r in read_records(path, column_map={"ref": "code"})] == [
        "A-1",
        "feature:2",
        "feature:3",
    ]


def test_geojson_column_map_moves_properties_to_target_tags(tmp_path):
    data = feature(point(1, 2), {"location": "Main St", "Owner": "Council", "area": "X"})
    path = write(tmp_path / "one.geojson", json.dumps(data))  # a single Feature is accepted
    (record,) = read_records(path, column_map={"name": "location", "operator": "Owner"})
    assert record.tags == {"name": "Main St", "operator": "Council", "area": "X"}


# --- CSV ------------------------------------------------------------------------------------


def test_csv_with_semicolons_bom_and_column_map(tmp_path):
    path = write(
        tmp_path / "register.csv",
        "Nr;Standort;Betreiber;X;Y;Notiz\n"
        "A7;Bahnhofplatz;SBB;8.54;47.378;\n"
        "A8;Limmatquai;Stadt;8.543;47.37;Kuppel\n",
        encoding="utf-8-sig",
    )
    column_map = parse_column_map("lat=Y,lon=X,name=Standort,ref=Nr,operator=Betreiber")
    records, rejections = split(read_records(path, column_map=column_map))
    assert rejections == []
    assert [(r.ref, r.lon, r.lat, r.tags, r.where) for r in records] == [
        ("A7", 8.54, 47.378, {"name": "Bahnhofplatz", "operator": "SBB"}, "line 2"),
        (
            "A8",
            8.543,
            47.37,
            {"name": "Limmatquai", "operator": "Stadt", "Notiz": "Kuppel"},
            "line 3",
        ),
    ]


def test_csv_autodetects_tab_delimiter_and_coordinate_headers_case_insensitively(tmp_path):
    path = write(tmp_path / "cams.tsv", "ID\tLongitude\tLatitude\n1001.0\t-2.28\t53.46\n")
    (record,) = read_records(path)
    assert (record.ref, record.lon, record.lat, record.tags) == ("1001", -2.28, 53.46, {})


def test_csv_bad_coordinates_are_rejected_with_line_numbers_and_never_repaired(tmp_path):
    path = write(
        tmp_path / "cams.csv",
        "camera_id,location,lon,lat\n"
        "1,ok,-2.28,53.46\n"
        "2,too far north,-2.28,123.4\n"
        "3,no coordinates,,\n"
        "4,typo,-2.28,abc\n"
        '5,"multi\nline",-2.28,53.46\n'
        "6,not finite,nan,53.46\n"
        "7,grid reference,-2.28,534645.15\n"
        "\n"
        "8,comma decimal,-2.28,53,46\n"
        "9,half,-2.28,\n",
    )
    records, rejections = split(read_records(path))
    assert [(r.ref, r.where) for r in records] == [("1", "line 2"), ("5", "line 6")]
    assert [(r.where, r.ref, r.reason) for r in rejections] == [
        ("line 3", "2", "latitude 123.4 out of range (-90..90)"),
        ("line 4", "3", "missing coordinates"),
        ("line 5", "4", "latitude 'abc' is not a number"),
        ("line 8", "6", "longitude 'nan' is not a number"),
        ("line 9", "7", "latitude 534645.15 out of range (-90..90)"),
        ("line 11", "8", "row has 5 fields but the header has 4"),
        ("line 12", "9", "missing latitude"),
    ]


def test_csv_rows_without_an_id_column_get_line_refs(tmp_path):
    path = write(tmp_path / "cams.csv", "lat,lon,name\n47.1,8.5,A\n")
    (record,) = read_records(path)
    assert (record.ref, record.tags) == ("line:2", {"name": "A"})


def test_csv_without_coordinate_columns_is_unreadable_and_suggests_a_map(tmp_path):
    path = write(tmp_path / "cams.csv", "id,easting,northing\n1,383000,398000\n")
    with pytest.raises(UnreadableFile, match=r"\['id', 'easting', 'northing'\].*--map lat=COL"):
        read_records(path)


def test_csv_map_naming_an_absent_column_is_unreadable(tmp_path):
    path = write(tmp_path / "cams.csv", "lat,lon\n47.1,8.5\n")
    with pytest.raises(UnreadableFile, match="'Owner'"):
        read_records(path, column_map={"operator": "Owner"})


# --- unreadable files and format detection --------------------------------------------------


def test_broken_json_is_unreadable_with_position(tmp_path):
    path = write(tmp_path / "cams.geojson", '{"type": "FeatureCollection", "features": [')
    with pytest.raises(UnreadableFile, match=r"not valid JSON.*line 1"):
        read_records(path)


def test_missing_file_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="no such file"):
        read_records(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    ("name", "content"),
    [("cams.xlsx", "x"), ("cams.json", '{"type": "Point", "coordinates": [1, 2]}')],
)
def test_detect_format_raises_when_it_cannot_tell(tmp_path, name, content):
    with pytest.raises(UnreadableFile):
        detect_format(write(tmp_path / name, content))


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.osm", "osm"), ("a.XML", "osm"), ("a.osm.pbf", "pbf"), ("a.csv", "csv"), ("a.txt", "csv")],
)
def test_detect_format_uses_the_extension(name, fmt):
    assert detect_format(name) == fmt


# --- column map -----------------------------------------------------------------------------


def test_parse_column_map_reads_key_equals_column_pairs():
    assert parse_column_map(" lat=Y, lon=X ,name=location,ref=camera_id") == {
        "lat": "Y",
        "lon": "X",
        "name": "location",
        "ref": "camera_id",
    }


@pytest.mark.parametrize("text", ["lat", "lat=", "=Y", "lat=Y,lat=Z"])
def test_parse_column_map_rejects_bad_syntax(text):
    with pytest.raises(ValueError, match="bad column mapping"):
        parse_column_map(text)
