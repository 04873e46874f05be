"""The map works on the embedded database too: same tile URL, encoded in Python."""

import mapbox_vector_tile
import pytest
from django.contrib.gis.geos import Point

from surveillance_map.cameras.spatial import spatial_key
from tests.factories import make_camera
from tests.maps.helpers import clustered_count, tile_features, tile_of

pytestmark = pytest.mark.django_db
HERE = (8.5417, 47.3769)


def test_tiles_cluster_and_filter_on_any_database(client):
    make_camera(location=Point(*HERE), capabilities=["ptz"])
    make_camera(location=Point(HERE[0] + 0.01, HERE[1]), surveillance_type="ALPR")
    x, y = tile_of(*HERE, 8)
    assert clustered_count(8, x, y) == 2
    assert clustered_count(8, x, y, capability=["ptz"]) == 1
    response = client.get(f"/tiles/8/{x}/{y}.pbf")
    assert response.status_code == 200
    decoded = mapbox_vector_tile.decode(response.content)
    assert sum(f["properties"]["count"] for f in decoded["clusters"]["features"]) == 2


def test_a_camera_tile_carries_the_camera(client):
    camera = make_camera(location=Point(*HERE), direction=45, capabilities=["ptz", "audio"])
    (feature,) = tile_features(18, *tile_of(*HERE, 18), "cameras")
    assert feature["id"] == camera.pk
    assert feature["properties"] == {"type": "camera", "status": "active", "direction": 45}


def test_the_derived_columns_are_kept_on_any_database():
    camera = make_camera(location=Point(*HERE), capabilities=["ptz", "audio"])
    assert (camera.capability_codes, camera.spatial_key) == ("audio,ptz", spatial_key(*HERE))


def test_the_map_page_and_the_camera_page_render(client):
    camera = make_camera(location=Point(*HERE))
    assert client.get("/").status_code == 200
    assert client.get(f"/cameras/{camera.pk}/").status_code == 200
    assert client.get("/map/search.json", {"q": "zur"}).status_code == 200
