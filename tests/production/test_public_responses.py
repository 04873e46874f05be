"""A public (shared-cache) response carries no cookie and does not vary on cookies."""

import pytest

from surveillance_map.maps.cells import data_version

pytestmark = pytest.mark.django_db


def test_a_versioned_tile_sets_no_cookie_even_for_a_stale_session(client):
    client.cookies["sessionid"] = "expired-session"
    response = client.get(f"/tiles/3/4/2.pbf?v={data_version()}")
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


def test_a_private_page_keeps_its_cookies(client):
    response = client.get("/areas/")  # the language switcher's form needs a CSRF cookie
    assert "csrftoken" in response.cookies
