"""The map page and its embed: served from our own static files, configured from settings."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_home_page_is_the_map_with_its_filters(client):
    page = client.get("/").content.decode()
    assert 'id="map"' in page
    assert 'name="capability" value="face_recognition"' in page
    assert 'id="camera-list"' in page


def test_every_script_and_stylesheet_comes_from_our_static_files(client):
    page = client.get("/").content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources
    # Besides static files, only the interface text catalog for the scripts and the web app
    # manifest, from us too.
    ours = ("/static/", "/i18n/js/?", "/manifest.webmanifest")
    assert all(s.startswith(ours) for s in sources), sources


def test_the_embed_has_no_site_chrome_and_may_be_framed(client):
    response = client.get("/embed/")
    page = response.content.decode()
    assert "X-Frame-Options" not in response.headers
    assert 'class="site-header"' not in page
    assert 'id="filters-panel"' not in page
    assert client.get("/")["X-Frame-Options"] == "DENY"
