"""Tiles go through a shorter middleware stack (lib/lean.py): the same answer and security
headers, no session, language or CSRF work. django.test.Client always runs the full stack, so
these call the WSGI application itself, as gunicorn does."""

import io
import sys

import pytest
from django.contrib.gis.geos import Point
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.signals import request_started
from django.db import close_old_connections

from surveillance_map.maps.cells import data_version
from surveillance_map.wsgi import application
from tests.factories import make_camera

pytestmark = pytest.mark.django_db
TILE = "/tiles/10/536/358.pbf"  # Zurich


def call(path: str, query: str = "", **headers) -> tuple[str, dict, bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        **{f"HTTP_{k.upper()}": v for k, v in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = status
        answer["headers"] = response_headers

    # As django.test.Client does: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
    names = {}
    for name, value in answer["headers"]:
        names.setdefault(name.lower(), []).append(value)
    return answer["status"], names, body


@pytest.fixture
def no_sessions(monkeypatch):
    """Any use of the session middleware fails the request."""

    def refuse(self, request):
        raise AssertionError("the session middleware ran")

    monkeypatch.setattr(SessionMiddleware, "process_request", refuse)


def test_a_tile_skips_the_session_and_keeps_every_security_header(no_sessions):
    make_camera(location=Point(8.54, 47.37))
    status, headers, body = call(TILE, f"v={data_version()}", cookie="sessionid=someone")
    assert status.startswith("200") and body
    assert "immutable" in headers["cache-control"][0]
    assert headers["x-content-type-options"] == ["nosniff"]
    assert headers["x-frame-options"] == ["DENY"]
    assert headers["referrer-policy"] == ["same-origin"]
    assert "script-src 'self'" in headers["content-security-policy"][0]
    assert "set-cookie" not in headers
    # Pages still get the whole stack: the session middleware runs (and here fails).
    assert call("/areas/")[0].startswith("500")


def test_a_tile_checks_the_host_and_its_input():
    assert call(TILE, HOST="evil.example")[0].startswith("400")
    assert call(TILE, "surveillance_type=%00")[0].startswith("400")
    assert call("/tiles/23/0/0.pbf")[0].startswith("404")
