"""deploy/nginx.conf, as shipped (ports and paths substituted), run by Debian's nginx in front
of `make serve`: static files, TLS with the proxy headers, forwarded addresses, tile cache."""

import gzip
import json

import pytest

from tests.production.nginx_config import start_nginx
from tests.production.servers import Browser, port

pytestmark = pytest.mark.django_db(transaction=True)
WEB, HTTP, HTTPS = port(12), port(10), port(11)
API_LIMIT = 5


@pytest.fixture(scope="module")
def nginx(launch, static_root, tmp_path_factory):
    launch(WEB, TRUSTED_PROXIES="127.0.0.1", HTTPS=1, API_ANON_RATE=f"{API_LIMIT}/day")
    tmp = tmp_path_factory.mktemp("nginx")
    process = start_nginx(tmp, static_root, web=WEB, http=HTTP, https=HTTPS)
    try:
        yield tmp
    finally:
        process.stop()


def https() -> Browser:
    return Browser(f"https://127.0.0.1:{HTTPS}")


def test_static_files_come_hashed_compressed_and_cached_for_a_year(nginx, static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert hashed != "css/site.css"
    page = https().get("/")
    assert page.status == 200 and f"/static/{hashed}" in page.text
    css = https().get(f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert css.header("Content-Encoding") == "gzip"
    assert "immutable" in css.header("Cache-Control") and "max-age=31536000" in css.header(
        "Cache-Control"
    )
    assert b"{" in gzip.decompress(css.body)


def test_plain_http_redirects_to_https_but_probes_answer(nginx):
    plain = Browser(f"http://127.0.0.1:{HTTP}")
    moved = plain.get("/areas/")
    assert moved.status == 301 and moved.header("Location").startswith("https://")
    assert plain.get("/healthz").status == 200


def test_the_app_knows_it_is_served_over_https(nginx):
    page = https().get("/areas/")
    assert page.status == 200  # no redirect loop: X-Forwarded-Proto reached the app
    assert "max-age=31536000" in page.header("Strict-Transport-Security")


def test_forwarded_addresses_cannot_be_spoofed_through_nginx(nginx):
    codes = [
        https().get("/api/v1/capabilities/", headers={"X-Forwarded-For": f"10.0.0.{n}"}).status
        for n in range(API_LIMIT + 2)
    ]
    assert codes == [200] * API_LIMIT + [429, 429]


def test_versioned_tiles_are_cached_by_nginx_and_carry_no_cookie(nginx):
    version = https().get("/tiles/version.json").json()["version"]
    url = f"/tiles/3/4/2.pbf?v={version}"
    visitor = https()
    visitor.cookies["sessionid"] = "someone"  # a cookie does not split the cache
    first = visitor.get(url, headers={"Accept-Encoding": "gzip"})
    assert first.status == 200 and first.header("X-Cache-Status") in ("MISS", "EXPIRED")
    assert not first.all("Set-Cookie") and "cookie" not in first.header("Vary").lower()
    assert "immutable" in first.header("Cache-Control")
    second = https().get(url, headers={"Accept-Encoding": "gzip"})
    assert second.header("X-Cache-Status") == "HIT"
    assert second.body == first.body
    plain = https().get(url)  # a client that takes no gzip gets the same tile, unzipped
    assert plain.header("X-Cache-Status") == "HIT" and not plain.header("Content-Encoding")
    assert gzip.decompress(first.body) == plain.body


def test_the_access_log_keeps_no_address_and_no_sighting(nginx):
    https().request("POST", "/api/v1/sightings/", body="{}", headers={"Content-Type": "a/b"})
    https().get("/areas/", headers={"User-Agent": "SecretPhone/1.0"})
    log = (nginx / "access.log").read_text()
    assert "/areas/" in log
    assert "127.0.0.1" not in log and "SecretPhone" not in log
    assert "/api/v1/sightings/" not in log
