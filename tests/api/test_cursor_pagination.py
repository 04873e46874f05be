"""Paging through cameras while others are added loses and repeats nothing."""

import pytest

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
