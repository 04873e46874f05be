"""OSM surveillance tags <-> camera fields.

Sample values come from tests/data/osm_switzerland_overpass_elements.json
(OpenStreetMap data, ODbL 1.0 — "© OpenStreetMap contributors").
"""

import json
from datetime import date
from pathlib import Path

import pytest

from surveillance_map.cameras.osm_tags import (
    CAMERA_FIELDS,
    format_direction,
    is_surveillance_node,
    parse_direction,
    parse_height,
    read_tags,
    write_tags,
)

SWISS_SAMPLE = Path(__file__).parents[1] / "data" / "osm_switzerland_overpass_elements.json"
CAMERA = {"man_made": "surveillance"}


@pytest.fixture(scope="module")
def swiss_nodes():
    return json.loads(SWISS_SAMPLE.read_text(encoding="utf-8"))


def read(tags):
    """read_tags of a camera node carrying `tags`."""
    return read_tags(CAMERA | tags)


def round_trip(tags):
    reading = read_tags(tags)
    return write_tags(reading.cameras, reading.extra_tags, reading.original_tags)


# --- the whole sample ------------------------------------------------------------------------


def test_every_swiss_node_is_written_back_exactly_as_it_was_read(swiss_nodes):
    changed = [node["id"] for node in swiss_nodes if round_trip(node["tags"]) != node["tags"]]
    assert len(swiss_nodes) == 2144
    assert changed == []


def test_the_swiss_sample_is_modelled_not_merely_carried_along(swiss_nodes):
    cameras = [camera for node in swiss_nodes for camera in read_tags(node["tags"]).cameras]
    # 2,144 nodes, one of them carrying two cameras and one three.
    assert len(cameras) == 2147
    assert sum("mount" in camera for camera in cameras) == 1411
    assert sum("direction" in camera for camera in cameras) == 531
    assert sum("tilt" in camera for camera in cameras) == 203
    assert sum("height" in camera for camera in cameras) == 335
    assert set().union(*cameras) <= set(CAMERA_FIELDS)


# --- the marker and plain fields -------------------------------------------------------------


def test_only_man_made_surveillance_marks_a_camera_node():
    assert is_surveillance_node({"man_made": "surveillance", "surveillance": "public"})
    assert not is_surveillance_node({"man_made": "mast"})
    assert not is_surveillance_node({"surveillance": "public"})


def test_it_maps_the_tags_of_a_real_node_to_camera_fields():
    tags = CAMERA | {
        "camera:angle": "5",
        "camera:direction": "190-100",
        "camera:mount": "pole",
        "camera:type": "dome",
        "check_date": "2022-04-21",
        "height": "3.5",
        "name": "Bohl",
        "surveillance": "public",
        "surveillance:type": "camera",
        "operator": "SOCAR",
        "operator:wikidata": "Q685533",
    }
    reading = read_tags(tags)
    assert reading.cameras == [
        {
            "name": "Bohl",
            "placement": "public",
            "surveillance_type": "camera",
            "camera_type": "dome",
            "mount": "pole",
            "direction_from": 190,
            "direction_to": 100,
            "tilt": -5,
            "height": 3.5,
            "operator_name": "SOCAR",
            "operator_wikidata": "Q685533",
            "last_verified": date(2022, 4, 21),
        }
    ]
    assert reading.extra_tags == {}
    assert reading.original_tags == tags
    assert reading.warnings == []


def test_tags_it_does_not_model_go_to_extra_tags_verbatim():
    unmapped = {
        "level": "-1",
        "contact:webcam": "https://andermatt.roundshot.com/baezberg/",
        "camera:count": "3",
        "description": "Spots the entrance facing the street Rainstrasse.",
    }
    reading = read_tags(CAMERA | {"surveillance": "outdoor"} | unmapped)
    assert reading.extra_tags == unmapped
    assert "level" not in reading.original_tags
    assert reading.cameras == [{"placement": "outdoor"}]


def test_it_reads_start_and_check_dates():
    reading = read({"start_date": "2021-07-02", "check_date": "2023-03-14"})
    assert reading.cameras[0]["first_seen"] == date(2021, 7, 2)
    assert reading.cameras[0]["last_verified"] == date(2023, 3, 14)


@pytest.mark.parametrize("value", ["2022", "2022-05", "20220503", "2022-02-30", "May 2022"])
def test_it_keeps_dates_that_are_not_full_iso_dates_verbatim(value):
    reading = read({"check_date": value})
    assert "last_verified" not in reading.cameras[0]
    assert reading.extra_tags == {"check_date": value}
    assert reading.warnings[0].startswith(f"check_date {value!r} not understood")


def test_it_reads_the_angle_of_view():
    assert read({"camera:angle_of_view": "90"}).cameras[0]["angle_of_view"] == 90
    assert "angle_of_view" not in read({"camera:angle_of_view": "0"}).cameras[0]


def test_it_keeps_a_malformed_wikidata_id_verbatim():
    reading = read({"operator:wikidata": "Q1;Q2"})
    assert "operator_wikidata" not in reading.cameras[0]
    assert reading.extra_tags == {"operator:wikidata": "Q1;Q2"}


# --- vocabularies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "field", "expected"),
    [
        ("surveillance:type", "ANPR", "surveillance_type", "ALPR"),
        ("surveillance:type", "anpr", "surveillance_type", "ALPR"),
        ("surveillance:type", "alpr", "surveillance_type", "ALPR"),
        ("surveillance:type", "Camera", "surveillance_type", "camera"),
        ("camera:type", "ptz", "camera_type", "panning"),
        ("camera:type", "static", "camera_type", "fixed"),
        ("camera:mount", "street_light", "mount", "street_lamp"),
        ("camera:mount", "streetlight", "mount", "street_lamp"),
        ("camera:mount", "lamp_post", "mount", "street_lamp"),
        ("camera:mount", "traffic_signal", "mount", "traffic_signals"),
        ("camera:mount", "traffic_lights", "mount", "traffic_signals"),
        ("surveillance:zone", "public_transport_platform", "zone", "public_transport"),
        ("operator:type", "police", "operator_type", "police"),
    ],
)
def test_it_accepts_synonyms_and_any_case_for_vocabulary_values(key, value, field, expected):
    reading = read_tags(CAMERA | {key: value})
    assert reading.cameras == [{field: expected}]
    assert reading.extra_tags == {}
    assert reading.original_tags[key] == value


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("surveillance", "webcam"),
        ("surveillance", "privat"),
        ("camera:type", "dome;fixed"),
        ("camera:mount", "wall/ceiling"),
        ("surveillance:zone", "Underpass"),
    ],
)
def test_values_outside_the_vocabulary_are_kept_verbatim_with_a_warning(key, value):
    reading = read_tags(CAMERA | {key: value})
    assert reading.cameras == [{}]
    assert reading.extra_tags == {key: value}
    assert key not in reading.original_tags
    assert len(reading.warnings) == 1
    assert reading.warnings[0].startswith(f"{key} {value!r} not understood")


@pytest.mark.parametrize(
    ("tags", "capabilities"),
    [
        ({"surveillance:type": "ANPR"}, ["plate_reading"]),
        ({"surveillance:type": "gunshot_detector"}, ["gunshot_detection"]),
        ({"surveillance:type": "ALPR", "camera:type": "panning"}, ["plate_reading", "ptz"]),
        ({"surveillance:type": "camera", "camera:type": "dome"}, []),
    ],
)
def test_it_implies_capabilities_from_type_tags(tags, capabilities):
    assert read_tags(CAMERA | tags).capabilities == capabilities


# --- directions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "degrees"),
    [("330", 330), ("0", 0), ("360", 0), ("15°", 15), ("-140", 220), ("-2", 358)],
)
def test_it_reads_degrees(value, degrees):
    assert parse_direction(value) == [(degrees, None)]


@pytest.mark.parametrize(
    ("value", "degrees"),
    [("N", 0), ("NNE", 23), ("E", 90), ("SSW", 203), ("NW", 315), ("nw", 315), ("NNW", 338)],
)
def test_it_reads_compass_points(value, degrees):
    assert parse_direction(value) == [(degrees, None)]


@pytest.mark.parametrize(
    ("value", "degrees"),
    [
        ("south", 180),
        ("north", 0),
        ("North-East", 45),
        ("northeast", 45),
        ("north east", 45),
        ("south_west", 225),
        ("north-north-west", 338),
    ],
)
def test_it_reads_compass_words(value, degrees):
    assert parse_direction(value) == [(degrees, None)]


@pytest.mark.parametrize(
    ("value", "degrees"), [("NB", 0), ("SB", 180), ("EB", 90), ("WB", 270), ("westbound", 270)]
)
def test_it_reads_travel_directions_of_roads(value, degrees):
    assert parse_direction(value) == [(degrees, None)]


@pytest.mark.parametrize(
    ("value", "sweep"), [("190-100", (190, 100)), ("338-23", (338, 23)), ("NW-NE", (315, 45))]
)
def test_it_reads_ranges_as_clockwise_sweeps(value, sweep):
    assert parse_direction(value) == [sweep]


def test_it_reads_lists_separated_by_semicolons_or_commas():
    assert parse_direction("90;160;270") == [(90, None), (160, None), (270, None)]
    assert parse_direction("180, 270") == [(180, None), (270, None)]
    assert parse_direction("0-90;180") == [(0, 90), (180, None)]


@pytest.mark.parametrize("value", ["xyz", "", "400", "-361", "90;", "north-up", "12.5.1"])
def test_parse_direction_rejects_what_it_does_not_understand(value):
    with pytest.raises(ValueError):
        parse_direction(value)


def test_format_direction_writes_degrees_ranges_and_lists():
    assert format_direction([(90, None)]) == "90"
    assert format_direction([(338, 23)]) == "338-23"
    assert format_direction([(90, None), (0, 45)]) == "90;0-45"


def test_a_range_gives_direction_from_and_to_but_no_direction():
    assert read({"camera:direction": "190-100"}).cameras == [
        {"direction_from": 190, "direction_to": 100}
    ]


def test_a_direction_list_means_one_camera_per_item_sharing_all_other_fields():
    reading = read_tags(
        CAMERA
        | {"camera:count": "3", "camera:direction": "90;160;270", "camera:mount": "pole"}
        | {"camera:type": "fixed", "surveillance": "outdoor", "surveillance:zone": "traffic"}
    )
    shared = {"mount": "pole", "camera_type": "fixed", "placement": "outdoor", "zone": "traffic"}
    assert reading.cameras == [
        shared | {"direction": 90},
        shared | {"direction": 160},
        shared | {"direction": 270},
    ]
    assert reading.extra_tags == {"camera:count": "3"}


def test_negative_degrees_are_read_clockwise_with_a_warning():
    reading = read({"camera:direction": "-140"})
    assert reading.cameras == [{"direction": 220}]
    assert reading.warnings == ["camera:direction '-140' has negative degrees; read as '220'"]


def test_a_direction_it_does_not_understand_is_kept_verbatim_as_one_camera():
    reading = read({"camera:direction": "90;xyz", "camera:mount": "wall"})
    assert reading.cameras == [{"mount": "wall"}]
    assert reading.extra_tags == {"camera:direction": "90;xyz"}
    assert reading.warnings[0].startswith("camera:direction '90;xyz' not understood")


@pytest.mark.parametrize("key", ["direction", "surveillance:direction"])
def test_it_falls_back_to_other_direction_keys_and_writes_back_to_the_same_key(key):
    reading = read_tags(CAMERA | {key: "160"})
    assert reading.cameras == [{"direction": 160}]
    reading.cameras[0]["direction"] = 170
    assert write_tags(reading.cameras, reading.extra_tags, reading.original_tags) == CAMERA | {
        key: "170"
    }


def test_camera_direction_wins_and_other_direction_keys_stay_in_extra_tags():
    reading = read_tags(CAMERA | {"camera:direction": "130", "direction": "310"})
    assert reading.cameras == [{"direction": 130}]
    assert reading.extra_tags == {"direction": "310"}
    assert reading.original_tags == CAMERA | {"camera:direction": "130"}


# --- tilt and height -------------------------------------------------------------------------


def test_camera_tilt_is_read_as_is():
    assert read({"camera:tilt": "-30"}).cameras == [{"tilt": -30}]


@pytest.mark.parametrize(("value", "tilt"), [("15", -15), ("15°", -15), ("90", -90), ("0", 0)])
def test_camera_angle_is_read_as_tilt_with_the_opposite_sign(value, tilt):
    assert read({"camera:angle": value}).cameras == [{"tilt": tilt}]


@pytest.mark.parametrize("value", ["360", "180", "120", "steep"])
def test_an_out_of_range_camera_angle_is_kept_verbatim_with_a_warning(value):
    reading = read({"camera:angle": value})
    assert reading.cameras == [{}]
    assert reading.extra_tags == {"camera:angle": value}
    assert reading.warnings[0].startswith(f"camera:angle {value!r} not understood")


@pytest.mark.parametrize(
    ("value", "metres"),
    [
        ("3", 3.0),
        ("2.5", 2.5),
        ("3.0", 3.0),
        ("3 m", 3.0),
        ("3m", 3.0),
        ("10 ft", 3.048),
        ("10'", 3.048),
        ("0", 0.0),
        ("500", 500.0),
    ],
)
def test_it_parses_heights_into_metres(value, metres):
    assert parse_height(value) == metres


@pytest.mark.parametrize("value", ["", "tall", "-1", "501", "3 km", "2,5"])
def test_parse_height_rejects_what_is_not_a_plausible_height(value):
    with pytest.raises(ValueError):
        parse_height(value)


# --- writing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tags",
    [
        {"camera:direction": "NW"},
        {"camera:direction": "south"},
        {"camera:direction": "360"},
        {"camera:direction": "-140"},
        {"camera:direction": "180, 270"},
        {"camera:direction": "90;160;270"},
        {"camera:direction": "190-100"},
        {"height": "3.0"},
        {"height": "10 ft"},
        {"surveillance:type": "ANPR"},
        {"camera:angle": "15°"},
        {"operator": "SOCAR"},
    ],
)
def test_unchanged_values_keep_their_original_spelling(tags):
    assert round_trip(CAMERA | tags) == CAMERA | tags


def test_a_changed_direction_is_written_canonically():
    reading = read({"camera:direction": "NW"})
    reading.cameras[0]["direction"] = 100
    tags = write_tags(reading.cameras, reading.extra_tags, reading.original_tags)
    assert tags == CAMERA | {"camera:direction": "100"}


def test_a_changed_list_of_directions_is_written_canonically():
    reading = read({"camera:direction": "180, 270"})
    reading.cameras[1] = {"direction_from": 338, "direction_to": 23}
    tags = write_tags(reading.cameras, reading.extra_tags, reading.original_tags)
    assert tags["camera:direction"] == "180;338-23"


def test_a_changed_tilt_read_from_camera_angle_is_written_as_camera_angle():
    reading = read({"camera:angle": "15°"})
    reading.cameras[0]["tilt"] = -20
    tags = write_tags(reading.cameras, reading.extra_tags, reading.original_tags)
    assert tags == CAMERA | {"camera:angle": "20"}


def test_changed_values_replace_their_original_spelling():
    reading = read({"height": "3.0", "surveillance:type": "ANPR", "operator": "SOCAR"})
    reading.cameras[0] |= {"height": 4.5, "surveillance_type": "camera", "operator_name": "Socar"}
    tags = write_tags(reading.cameras, reading.extra_tags, reading.original_tags)
    assert tags == CAMERA | {"height": "4.5", "surveillance:type": "camera", "operator": "Socar"}


def test_a_camera_without_original_tags_gets_canonical_keys_and_values():
    camera = {
        "placement": "public",
        "surveillance_type": "ALPR",
        "mount": "street_lamp",
        "direction": 90,
        "tilt": -10,
        "angle_of_view": 60,
        "height": 3.0,
        "operator_name": "Stadt Winterthur",
        "first_seen": date(2021, 7, 2),
        "last_verified": date(2023, 3, 14),
    }
    assert write_tags([camera]) == {
        "man_made": "surveillance",
        "surveillance": "public",
        "surveillance:type": "ALPR",
        "camera:mount": "street_lamp",
        "camera:direction": "90",
        "camera:tilt": "-10",
        "camera:angle_of_view": "60",
        "height": "3",
        "operator": "Stadt Winterthur",
        "start_date": "2021-07-02",
        "check_date": "2023-03-14",
    }


def test_several_cameras_are_written_as_one_node_with_a_direction_list():
    cameras = [
        {"mount": "pole", "direction": 90},
        {"mount": "wall", "direction_from": 190, "direction_to": 100},
    ]
    assert write_tags(cameras) == CAMERA | {
        "camera:mount": "pole",
        "camera:direction": "90;190-100",
    }


def test_none_and_empty_values_are_not_written():
    tags = write_tags([{"name": "", "mount": None, "direction": None, "height": 2.5}])
    assert tags == CAMERA | {"height": "2.5"}


def test_a_field_value_overrides_a_verbatim_tag_it_did_not_understand_before():
    reading = read({"camera:type": "dome;fixed"})
    reading.cameras[0]["camera_type"] = "dome"
    tags = write_tags(reading.cameras, reading.extra_tags, reading.original_tags)
    assert tags == CAMERA | {"camera:type": "dome"}


def test_a_cleared_field_is_no_longer_written():
    reading = read({"camera:mount": "wall", "height": "3"})
    del reading.cameras[0]["mount"]
    tags = write_tags(reading.cameras, reading.extra_tags, reading.original_tags)
    assert tags == CAMERA | {"height": "3"}


def test_write_tags_needs_at_least_one_camera():
    with pytest.raises(ValueError):
        write_tags([])
