"""Paging through cameras while others are added loses and repeats nothing."""

import base64
import random

import pytest
from django.contrib.gis.geos import Point

from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.spatial import spatial_key
from tests.factories import make_camera

pytestmark = pytest.mark.django_db


def test_pages_cover_every_camera_once_while_cameras_are_inserted(client):
    existing = [make_camera().pk for _ in range(25)]
    seen, inserted = [], []
    url = "/api/v1/cameras/?page_size=7"
    while url:
        page = client.get(url).json()
        seen.extend(feature["id"] for feature in page["features"])
        inserted.append(make_camera().pk)  # written between two page requests
        url = page["next"]
    assert len(seen) == len(set(seen))
    assert set(existing) <= set(seen)
    # Cameras inserted before the last page was read appear on it (they sort after the rest).
    assert set(seen) - set(existing) == set(inserted[:-1])


def test_page_size_is_capped(client):
    for _ in range(3):
        make_camera()
    page = client.get("/api/v1/cameras/", {"page_size": 2}).json()
    assert len(page["features"]) == 2 and page["next"]


def test_bbox_pages_follow_the_spatial_key_and_cover_the_box_once(client):
    rng = random.Random(5)
    inside = {
        make_camera(location=Point(rng.uniform(8.0, 8.9), rng.uniform(47.0, 47.9))).pk
        for _ in range(23)
    }
    make_camera(location=Point(9.5, 47.5))  # outside the box
    seen = []
    url = "/api/v1/cameras/?page_size=5&bbox=8,47,9,48"
    while url:
        page = client.get(url).json()
        seen.extend(feature["id"] for feature in page["features"])
        url = page["next"]
    assert sorted(seen) == sorted(inside)
    cameras = Camera.objects.in_bulk(seen)
    keys = [cameras[pk].spatial_key for pk in seen]
    assert keys == sorted(keys)
    assert keys == [spatial_key(cameras[pk].location.x, cameras[pk].location.y) for pk in seen]


def test_a_forged_bbox_cursor_is_a_400_naming_cursor(client):
    make_camera(location=Point(8.5, 47.5))
    forged = base64.b64encode(b"o=0&p=not-a-key").decode()
    response = client.get("/api/v1/cameras/", {"bbox": "8,47,9,48", "cursor": forged})
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_bbox_pages_across_key_jumps_go_forward_and_back(client):
    # Across the equator and the prime meridian the box is several key ranges far apart.
    rng = random.Random(6)
    inside = {
        make_camera(location=Point(rng.uniform(-1, 1), rng.uniform(-1, 1))).pk for _ in range(30)
    }
    make_camera(location=Point(1.5, 0.5))  # outside the box, between its key ranges
    pages, url = [], "/api/v1/cameras/?page_size=4&bbox=-1,-1,1,1"
    while url:
        page = client.get(url).json()
        pages.append([feature["id"] for feature in page["features"]])
        url = page["next"]
    seen = [pk for ids in pages for pk in ids]
    assert sorted(seen) == sorted(inside)
    cameras = Camera.objects.in_bulk(seen)
    keys = [cameras[pk].spatial_key for pk in seen]
    assert keys == sorted(keys)
    # Back from the last page, through `previous`, the same pages in reverse.
    back, url = [], page["previous"]
    while url:
        page = client.get(url).json()
        back.append([feature["id"] for feature in page["features"]])
        url = page["previous"]
    assert back == pages[-2::-1]
