"""A visitor's browser talks to no host but ours: the basemap comes through our proxy, the API
docs serve their own assets."""

from urllib.parse import urlsplit

import leaflet
import pytest

from tests.upstream import tile_server  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def proxied_basemap(tile_server, settings, monkeypatch):  # noqa: F811
    """The basemap switched on (tests run without one), pointing at the proxy like production."""
    tiles = [("Map", settings.BASEMAP_PROXY_URL, {"attribution": "Test tiles", "maxZoom": 19})]
    settings.LEAFLET_CONFIG = {**settings.LEAFLET_CONFIG, "TILES": tiles}
    monkeypatch.setitem(leaflet.app_settings, "TILES", tiles)  # django-leaflet reads it at import
    return tile_server


def hosts(urls) -> set[str]:
    return {urlsplit(url).netloc for url in urls if not url.startswith(("data:", "blob:"))}


def test_the_map_loads_its_basemap_through_our_proxy(
    page, live_server, proxied_basemap, requests_seen
):
    page.goto(f"{live_server.url}/?z=12&lat=47.3769&lon=8.5417")
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.leaflet-tile')]"
        ".some((img) => img.complete && img.naturalWidth === 256)"
    )
    basemap = [url for url in requests_seen if "/basemap/" in url]
    assert basemap and all(url.startswith(f"{live_server.url}/basemap/12/") for url in basemap)
    assert hosts(requests_seen) == {urlsplit(live_server.url).netloc}
    # The tile server was asked by us, for the tiles the page showed, and by no browser.
    assert proxied_basemap.seen
    assert all(path.startswith("/12/") for path in proxied_basemap.paths())
    for _, headers in proxied_basemap.seen:
        assert "Chrome" not in headers.get("User-Agent", "")
        assert "Referer" not in headers and "Cookie" not in headers


def test_the_submit_page_map_uses_the_proxy_too(page, live_server, proxied_basemap, requests_seen):
    page.goto(f"{live_server.url}/submit/")
    page.wait_for_function("() => document.querySelector('img.leaflet-tile') !== null")
    assert any("/basemap/" in url for url in requests_seen)
    assert hosts(requests_seen) == {urlsplit(live_server.url).netloc}


def test_the_api_docs_load_only_our_assets(page, live_server, requests_seen):
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.get_by_text("Surveillance Map API").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert hosts(requests_seen) == {urlsplit(live_server.url).netloc}
    # The `page` fixture then fails the test on any Content Security Policy violation.
