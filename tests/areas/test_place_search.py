"""The map's search finds gazetteer places that have cameras, and flies to their cameras."""

import pytest
from django.contrib.gis.geos import Point

from tests.factories import make_camera

pytestmark = pytest.mark.django_db


def test_search_offers_the_place_of_cameras_with_their_extent(client):
    make_camera(location=Point(-17.4441, 14.6937))
    make_camera(location=Point(-17.4400, 14.6900))
    make_camera(location=Point(6.1457, 46.2022))  # Geneve: not asked for
    results = client.get("/map/search.json", {"q": "dakar"}).json()["results"]
    places = [r for r in results if r["kind"] == "place"]
    assert places == [
        {
            "kind": "place",
            "label": "Dakar",
            "detail": "SN",
            "bbox": [-17.4441, 14.69, -17.44, 14.6937],
        }
    ]


def test_a_place_without_cameras_is_not_offered(client):
    make_camera(location=Point(-17.4441, 14.6937))
    results = client.get("/map/search.json", {"q": "Quito"}).json()["results"]
    assert [r for r in results if r["kind"] == "place"] == []
