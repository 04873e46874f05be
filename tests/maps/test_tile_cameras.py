"""High-zoom tiles carry each camera with what the map draws (mark, cone, staleness) and no more:
the popup fetches names and capabilities from the camera's record."""

import datetime

import pytest
from django.contrib.gis.geos import Point

from surveillance_map.cameras.vocabularies import Dataset
from surveillance_map.maps.grid import MAX_CLUSTER_ZOOM
from tests.factories import make_camera, make_operator, make_program, make_vendor
from tests.maps.helpers import tile_features, tile_of

pytestmark = pytest.mark.django_db
HERE = (8.5417, 47.3769)
Z = 17


def test_a_camera_tile_carries_what_the_map_draws_and_nothing_else():
    camera = make_camera(
        location=Point(*HERE),
        name="Bahnhofstrasse 1",
        camera_type="dome",
        direction=90,
        angle_of_view=70,
        operator=make_operator("Stadtpolizei Zürich", operator_type="police"),
        vendor=make_vendor("Hikvision", country_of_origin="CN"),
        program=make_program("Safe City"),
        last_verified=datetime.date(2026, 3, 1),
        capabilities=["ptz", "face_recognition"],
    )
    (feature,) = tile_features(Z, *tile_of(*HERE, Z), "cameras")
    assert feature["id"] == camera.pk
    assert feature["properties"] == {
        "type": "camera",
        "camera_type": "dome",
        "status": "active",
        "direction": 90,
        "angle_of_view": 70,
        "last_verified": "2026-03-01",
    }


def test_a_direction_range_is_carried_for_the_cone():
    make_camera(location=Point(*HERE), direction_from=338, direction_to=23)
    (feature,) = tile_features(Z, *tile_of(*HERE, Z), "cameras")
    assert (feature["properties"]["direction_from"], feature["properties"]["direction_to"]) == (
        338,
        23,
    )
    assert "direction" not in feature["properties"]


def test_individual_cameras_start_above_the_cluster_zooms():
    make_camera(location=Point(*HERE))
    z = MAX_CLUSTER_ZOOM
    assert tile_features(z, *tile_of(*HERE, z), "cameras") == []
    assert len(tile_features(z + 1, *tile_of(*HERE, z + 1), "cameras")) == 1


def test_synthetic_cameras_never_reach_the_public_tiles():
    make_camera(location=Point(*HERE), dataset=Dataset.SYNTHETIC)
    assert tile_features(Z, *tile_of(*HERE, Z), "cameras") == []
    assert tile_features(3, *tile_of(*HERE, 3), "clusters") == []


def test_a_camera_filter_keeps_only_matching_cameras():
    with_ptz = make_camera(location=Point(*HERE), capabilities=["ptz"])
    make_camera(location=Point(HERE[0] + 0.0002, HERE[1]))
    features = tile_features(Z, *tile_of(*HERE, Z), "cameras", capability=["ptz"])
    assert [f["id"] for f in features] == [with_ptz.pk]
