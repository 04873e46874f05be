"""Low-zoom tiles: cluster counts add up to the cameras in the tile, filtered in SQL."""

import pytest
from django.contrib.gis.geos import Point, Polygon
from django.db import connection

from surveillance_map.cameras.models import Camera
from surveillance_map.maps import tiles_python
from surveillance_map.maps.grid import tile_lonlat_bounds
from surveillance_map.maps.tiles import map_filters
from tests.factories import make_camera, make_operator, make_vendor
from tests.maps.helpers import clustered_count, tile_features, tile_of

pytestmark = pytest.mark.django_db

# Zurich's old town, and points spread over a few kilometres around it.
ZURICH = (8.5417, 47.3769)
Z = 10


def spread(n, *, step=0.013, **fields):
    return [
        make_camera(
            location=Point(ZURICH[0] + (i % 5) * step, ZURICH[1] + (i // 5) * step * 0.7),
            **fields,
        )
        for i in range(n)
    ]


def cameras_inside(z, x, y) -> int:
    box = Polygon.from_bbox(tile_lonlat_bounds(z, x, y))
    return Camera.objects.filter(location__within=box, status__in=["active", "unknown"]).count()


def test_cluster_counts_add_up_to_the_cameras_in_the_tile():
    spread(17)
    make_camera(location=Point(2.35, 48.85))  # Paris: another tile
    x, y = tile_of(*ZURICH, Z)
    assert cameras_inside(Z, x, y) == 17
    assert clustered_count(Z, x, y) == 17
    assert len(tile_features(Z, x, y, "clusters")) > 1  # several cells, not one blob


def test_the_whole_world_tile_counts_every_camera_once():
    spread(6)
    make_camera(location=Point(-17.44, 14.69))  # Dakar
    make_camera(location=Point(151.2, -33.87))  # Sydney
    assert clustered_count(0, 0, 0) == 8


def test_removed_cameras_are_left_off_unless_asked_for():
    spread(3)
    spread(2, status="removed")
    x, y = tile_of(*ZURICH, Z)
    assert clustered_count(Z, x, y) == 3
    assert clustered_count(Z, x, y, status=["removed"]) == 2
    assert clustered_count(Z, x, y, status=["active", "removed"]) == 5


def test_a_type_filter_changes_the_counts_and_the_dominant_type():
    spread(4, surveillance_type="ALPR", step=0.0001)
    spread(1, surveillance_type="camera", step=0.0001)
    x, y = tile_of(*ZURICH, Z)
    (cell,) = tile_features(Z, x, y, "clusters")
    assert cell["properties"] == {"count": 5, "type": "ALPR"}
    assert clustered_count(Z, x, y, surveillance_type=["camera"]) == 1


def test_filters_outside_the_cells_aggregate_on_the_fly():
    hikvision, axis = make_vendor("Hikvision", country_of_origin="CN"), make_vendor("Axis")
    police = make_operator("Zurich Police", operator_type="police")
    spread(3, vendor=hikvision, operator=police)
    spread(2, vendor=axis, capabilities=["ptz"])
    x, y = tile_of(*ZURICH, Z)
    assert clustered_count(Z, x, y, vendor=["hikvision"]) == 3
    assert clustered_count(Z, x, y, vendor_country=["CN"]) == 3
    assert clustered_count(Z, x, y, capability=["ptz"]) == 2
    assert clustered_count(Z, x, y, operator_type=["police"]) == 3
    assert clustered_count(Z, x, y, vendor=["axis"], capability=["face_recognition"]) == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares PostGIS with Python")
def test_postgis_and_python_tiles_agree():
    from surveillance_map.maps import tiles_postgis

    spread(12, surveillance_type="camera")
    spread(7, surveillance_type="ALPR", step=0.02, capabilities=["ptz"])
    x, y = tile_of(*ZURICH, Z)
    for filters in ({}, {"surveillance_type": ["ALPR"]}, {"capability": ["ptz"]}):
        filters = map_filters(filters)
        sql = tiles_postgis.render(z=Z, x=x, y=y, filters=filters, dataset="real")
        python = tiles_python.render(z=Z, x=x, y=y, filters=filters, dataset="real")
        assert _features(sql) and _features(sql) == _features(python)


def _features(body):
    import mapbox_vector_tile

    decoded = mapbox_vector_tile.decode(body) if body else {}
    return {
        name: sorted(
            (tuple(f["geometry"]["coordinates"]), sorted(f["properties"].items()))
            for f in layer["features"]
        )
        for name, layer in decoded.items()
    }
