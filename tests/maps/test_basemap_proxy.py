"""The basemap proxy: tiles through our origin, nothing about the visitor sent upstream, the tile
server's caching rules obeyed, a bounded disk cache."""

import email.utils
import time

import pytest

from surveillance_map.maps import basemap
from tests.upstream import Reply, png_tile, tile_server  # noqa: F401 (fixture)

VISITOR = {
    "HTTP_COOKIE": "sessionid=visitor-session; csrftoken=visitor-csrf",
    "HTTP_REFERER": "https://cameras.example.org/?vendor=hikvision#15/47.37/8.54",
    "HTTP_USER_AGENT": "VisitorBrowser/1.0 (unique-visitor-marker)",
    "HTTP_X_FORWARDED_FOR": "203.0.113.77",
    "HTTP_ACCEPT_LANGUAGE": "de-CH",
    "REMOTE_ADDR": "198.51.100.23",
}


def test_a_tile_comes_through_our_origin(client, tile_server):  # noqa: F811
    response = client.get("/basemap/12/2143/1434.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == (
        tile_server.reply.body
    )
    assert tile_server.paths() == ["/12/2143/1434.png"]
    assert "Set-Cookie" not in response


def test_nothing_about_the_visitor_goes_upstream(client, tile_server):  # noqa: F811
    client.cookies.load({"sessionid": "visitor-session"})
    client.get("/basemap/3/4/2.png", **VISITOR)
    ((_, headers),) = tile_server.seen
    sent = {name.lower(): value for name, value in headers.items()}
    assert sent["user-agent"] == (
        "SurveillanceMap/1.0 (tile proxy; +https://cameras.example.org/contact)"
    )
    for name in ("cookie", "referer", "x-forwarded-for", "forwarded", "accept-language", "via"):
        assert name not in sent, name
    everything = repr(sent)
    for marker in ("visitor", "203.0.113.77", "198.51.100.23", "hikvision", "de-CH"):
        assert marker not in everything


def test_a_fresh_tile_is_served_from_disk(client, tile_server):  # noqa: F811
    first = client.get("/basemap/5/16/11.png")
    second = client.get("/basemap/5/16/11.png")
    assert first.content == second.content
    assert len(tile_server.seen) == 1
    assert 590 <= int(second["Cache-Control"].split("max-age=")[1]) <= 600


def test_only_the_tile_asked_for_is_fetched(client, tile_server):  # noqa: F811
    client.get("/basemap/14/8583/5738.png")
    assert tile_server.paths() == ["/14/8583/5738.png"]  # no neighbours, no other zoom


@pytest.mark.parametrize(
    "url",
    [
        "/basemap/20/0/0.png",  # deeper than BASEMAP_MAX_ZOOM
        "/basemap/2/4/0.png",  # x beyond 2**z - 1
        "/basemap/2/0/4.png",
        "/basemap/0/0/-1.png",
        "/basemap/99999999999999999999/0/0.png",
        "/basemap/1/0/0.jpg",
        "/basemap/a/0/0.png",
    ],
)
def test_tiles_outside_the_pyramid_are_404_without_asking_upstream(client, tile_server, url):  # noqa: F811
    assert client.get(url).status_code == 404
    assert tile_server.seen == []


def test_no_basemap_configured_means_no_proxy(client, settings):
    settings.BASEMAP_URL = ""
    assert client.get("/basemap/0/0/0.png").status_code == 404


def test_an_expired_tile_is_revalidated(client, tile_server):  # noqa: F811
    tile_server.reply.headers.update({"Cache-Control": "max-age=0", "ETag": '"v1"'})
    client.get("/basemap/4/8/5.png")
    tile_server.reply = Reply(status=304, headers={"Cache-Control": "max-age=300", "ETag": '"v1"'})
    again = client.get("/basemap/4/8/5.png")
    assert again.status_code == 200 and again.content == png_tile()
    (_, revalidation) = tile_server.seen[1]
    assert revalidation.get("If-None-Match") == '"v1"'
    client.get("/basemap/4/8/5.png")
    assert len(tile_server.seen) == 2  # fresh again for 300 s after the 304


def test_no_store_is_not_kept(client, tile_server, settings):  # noqa: F811
    tile_server.reply.headers["Cache-Control"] = "no-store"
    client.get("/basemap/2/1/1.png")
    client.get("/basemap/2/1/1.png")
    assert len(tile_server.seen) == 2
    assert not list(settings.BASEMAP_CACHE_DIR.rglob("*.tile"))


def test_a_stale_tile_stands_in_while_the_server_is_down(client, tile_server):  # noqa: F811
    tile_server.reply.headers["Cache-Control"] = "max-age=0"
    client.get("/basemap/6/33/22.png")
    tile_server.reply = Reply(status=503, body=b"overloaded")
    response = client.get("/basemap/6/33/22.png")
    assert response.status_code == 200 and response.content == png_tile()
    assert client.get("/basemap/6/33/23.png").status_code == 502  # nothing to stand in


def test_the_servers_404_is_ours_too(client, tile_server):  # noqa: F811
    tile_server.reply = Reply(status=404, body=b"no")
    assert client.get("/basemap/6/1/1.png").status_code == 404


def test_something_other_than_an_image_is_refused(client, tile_server):  # noqa: F811
    tile_server.reply = Reply(body=b"<html>login</html>", headers={"Content-Type": "text/html"})
    assert client.get("/basemap/6/1/1.png").status_code == 502


def test_the_disk_cache_stays_under_its_bound_and_keeps_recent_tiles(tile_server, settings):  # noqa: F811
    tile = len(png_tile()) + 200  # body plus the metadata line
    settings.BASEMAP_CACHE_MAX_BYTES = tile * 20
    now = time.time()
    for x in range(60):
        basemap.get_tile(8, x, 0, now=now + x * 3601)  # each a later hour: a clear LRU order
    files = list(settings.BASEMAP_CACHE_DIR.rglob("*.tile"))
    assert sum(f.stat().st_size for f in files) <= settings.BASEMAP_CACHE_MAX_BYTES + tile * 2
    kept = {int(f.parent.name) for f in files}
    assert 59 in kept and 0 not in kept


def test_reading_a_tile_marks_it_recently_used(tile_server, settings):  # noqa: F811
    basemap.get_tile(8, 1, 1)
    path = basemap.tile_path(8, 1, 1)
    old = time.time() - 7200
    import os

    os.utime(path, (old, old))
    basemap.get_tile(8, 1, 1)
    assert path.stat().st_mtime > old + 3600


class Headers(dict):
    def get(self, name, default=None):
        return super().get(name, default)


def http_date(seconds: float) -> str:
    return email.utils.formatdate(seconds, usegmt=True)


@pytest.mark.parametrize(
    "headers, lifetime, storable",
    [
        ({"Cache-Control": "max-age=600"}, 600, True),
        ({"Cache-Control": "public, max-age=600", "Age": "100"}, 500, True),
        ({"Cache-Control": "max-age=600, s-maxage=60"}, 60, True),
        ({"Cache-Control": "no-cache"}, 0, True),
        ({"Cache-Control": "no-store"}, 0, False),
        ({"Cache-Control": "private, max-age=600"}, 0, False),
        ({"Expires": http_date(1_000_000 + 3600), "Date": http_date(1_000_000)}, 3600, True),
        ({"Expires": "0"}, 0, True),
        ({}, basemap.DEFAULT_MAX_AGE, True),
    ],
)
def test_expiry_follows_the_servers_headers(headers, lifetime, storable):
    now = 2_000_000.0
    assert basemap.expiry(Headers(headers), now) == (now + lifetime, storable)
