"""A streamed export that is cut short reaches the client as an error, never as a file that
looks complete: the body is chunked, and a cut leaves out the final chunk.

Against `make serve`'s gunicorn. The client reads a few bytes and stops reading, so the
server's writes block (the export is far larger than the socket buffers) while the export is
cut: by its database connection dropping, or by its worker being killed (as a worker timeout
would).
"""

import http.client
import os
import signal
import socket
import subprocess

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from surveillance_map.cameras import bulk, services
from tests.production.servers import port

pytestmark = pytest.mark.django_db(transaction=True)
WEB = port(13)


@pytest.fixture(scope="module")
def server(launch):
    return launch(WEB, WEB_WORKERS=1, EXPORT_BATCH_CAMERAS=500)


@pytest.fixture
def cameras():
    writes = [
        services.CameraWrite({"location": Point(6.1, 46.2), "name": f"camera {n} " + "x" * 180})
        for n in range(15000)  # about 10 MB of GeoJSON
    ]
    bulk.cameras_create_bulk(writes=writes, actor_label="test")


def _start_download(path: str) -> http.client.HTTPResponse:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect: a small window
    sock.connect(("127.0.0.1", WEB))
    conn = http.client.HTTPConnection("127.0.0.1", WEB, timeout=60)
    conn.sock = sock
    conn.request("GET", path)
    response = conn.getresponse()
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    assert len(response.read(2000)) == 2000
    return response


def _terminate_other_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize("path", ["/api/v1/cameras.geojson", "/api/v1/cameras.csv"])
def test_a_dropped_database_connection_cuts_the_stream_visibly(server, cameras, path):
    response = _start_download(path)
    assert _terminate_other_connections() >= 1
    with pytest.raises(http.client.IncompleteRead):
        response.read()


def test_a_killed_worker_cuts_the_stream_visibly(server, cameras):
    response = _start_download("/api/v1/cameras.geojson")
    workers = subprocess.run(
        ["pgrep", "-P", str(server.popen.pid)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert len(workers) == 1
    os.kill(int(workers[0]), signal.SIGKILL)
    with pytest.raises(http.client.IncompleteRead):
        response.read()
