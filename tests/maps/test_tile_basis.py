"""Tiles take `basis=` like the API: a capability claim only a sighting made can be shown or
left out, at camera and at cluster zooms."""

import pytest
from django.contrib.gis.geos import Point

from surveillance_map.cameras.filters import parse_camera_filters
from tests.factories import make_camera
from tests.maps.helpers import clustered_count, tile_features, tile_of

pytestmark = pytest.mark.django_db

HERE = (8.5417, 47.3769)


def _filters(**params):
    return {"status": ["active", "unknown"], **parse_camera_filters(params)}


@pytest.mark.parametrize("z", [16, 10])
def test_tiles_filter_claims_by_basis(z):
    make_camera(location=Point(*HERE), capabilities=["face_recognition"], basis="reported")
    make_camera(location=Point(*HERE), capabilities=["face_recognition"], basis="documented")
    x, y = tile_of(*HERE, z)

    def count(**params):
        filters = _filters(capability="face_recognition", **params)
        if z >= 14:
            return len(tile_features(z, x, y, "cameras", **filters))
        return clustered_count(z, x, y, **filters)

    assert count() == 2
    assert count(basis="reported") == 1
    assert count(basis="documented,tagged,inferred") == 1
