"""/map/cameras.json: the paged list of cameras in view, beside the canvas."""

import pytest
from django.contrib.gis.geos import Point

from surveillance_map.maps.pages import PAGE_SIZE
from tests.factories import make_camera, make_vendor

pytestmark = pytest.mark.django_db
ZURICH_BOX = "8.4,47.3,8.7,47.5"


def test_the_list_pages_through_the_cameras_in_the_box(client):
    for i in range(PAGE_SIZE + 3):
        make_camera(location=Point(8.5 + i / 1000, 47.37))
    make_camera(location=Point(2.35, 48.85))  # Paris
    first = client.get("/map/cameras.json", {"bbox": ZURICH_BOX}).json()
    second = client.get("/map/cameras.json", {"bbox": ZURICH_BOX, "page": 2}).json()
    assert (len(first["cameras"]), first["has_next"]) == (PAGE_SIZE, True)
    assert (len(second["cameras"]), second["has_next"]) == (3, False)
    ids = {c["id"] for c in first["cameras"]} | {c["id"] for c in second["cameras"]}
    assert len(ids) == PAGE_SIZE + 3


def test_the_list_applies_the_map_filters(client):
    make_camera(location=Point(8.5, 47.37), vendor=make_vendor("Hikvision"))
    make_camera(location=Point(8.51, 47.37))
    make_camera(location=Point(8.52, 47.37), status="removed")
    data = client.get("/map/cameras.json", {"bbox": ZURICH_BOX, "vendor": "hikvision"}).json()
    assert [c["vendor"] for c in data["cameras"]] == ["Hikvision"]
    assert len(client.get("/map/cameras.json", {"bbox": ZURICH_BOX}).json()["cameras"]) == 2


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"bbox": "1,2,3"},
        {"bbox": ZURICH_BOX, "page": "0"},
        {"bbox": ZURICH_BOX, "page": "x"},
        {"bbox": ZURICH_BOX, "area": "atlantis"},
    ],
)
def test_bad_list_requests_are_400(client, query):
    assert client.get("/map/cameras.json", query).status_code == 400
