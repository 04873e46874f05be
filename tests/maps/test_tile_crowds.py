"""At zooms 14-16 a 64 px cell crowded with cameras is drawn as one cluster; the others, and
every camera from zoom 17 on, stay single cameras with their popup attributes."""

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from surveillance_map.maps.grid import CROWDED, MAX_CROWD_ZOOM
from tests.factories import make_camera
from tests.maps.helpers import tile_features, tile_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="crowds are a PostGIS path"),
]
SQUARE = (8.5417, 47.3769)  # a busy square
LONE = (8.5475, 47.3745)  # about 500 m away: another cell from zoom 14 on


@pytest.fixture
def crowd():
    crowded = [
        make_camera(location=Point(SQUARE[0] + n * 1e-6, SQUARE[1]), surveillance_type="camera")
        for n in range(CROWDED + 4)
    ]
    lone = make_camera(location=Point(*LONE), name="Lone camera")
    return crowded, lone


@pytest.mark.parametrize("z", [14, 15, MAX_CROWD_ZOOM])
def test_a_crowded_cell_is_one_cluster_and_a_lone_camera_stays_a_camera(crowd, z):
    crowded, lone = crowd
    clusters = tile_features(z, *tile_of(*SQUARE, z), "clusters")
    assert [(c["properties"]["count"], c["properties"]["type"]) for c in clusters] == [
        (len(crowded), "camera")
    ]
    cameras = tile_features(z, *tile_of(*LONE, z), "cameras")
    assert [c["id"] for c in cameras] == [lone.pk]
    assert cameras[0]["properties"]["type"] == "camera"


def test_a_cell_at_the_limit_stays_single_cameras():
    cameras = [make_camera(location=Point(SQUARE[0] + n * 1e-6, SQUARE[1])) for n in range(CROWDED)]
    features = tile_features(15, *tile_of(*SQUARE, 15), "cameras")
    assert sorted(f["id"] for f in features) == sorted(c.pk for c in cameras)
    assert tile_features(15, *tile_of(*SQUARE, 15), "clusters") == []


def test_past_the_crowd_zoom_every_camera_is_drawn(crowd):
    crowded, _ = crowd
    z = MAX_CROWD_ZOOM + 1
    features = tile_features(z, *tile_of(*SQUARE, z), "cameras")
    assert sorted(f["id"] for f in features) == sorted(c.pk for c in crowded)
    assert tile_features(z, *tile_of(*SQUARE, z), "clusters") == []
