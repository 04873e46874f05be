"""A throwaway HTTP server on 127.0.0.1 standing in for a third party (a tile server) in tests."""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache

from surveillance_map.maps.basemap import WRITTEN_KEY


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)


@dataclass
class Upstream:
    """What the server answers (`reply`, or `replies` per path) and every request it saw."""

    url: str = ""
    reply: Reply = field(default_factory=Reply)
    seen: list = field(default_factory=list)  # (path, headers as a dict)

    def paths(self) -> list[str]:
        return [path for path, _ in self.seen]


def serve(upstream: Upstream):
    """Start the server on a free port; returns (server, thread). Stop with server.shutdown()."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            upstream.seen.append((self.path, dict(self.headers.items())))
            reply = upstream.reply
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, *args):  # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    upstream.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def png_tile(color=(170, 211, 223)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (256, 256), color).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def tile_server(settings, tmp_path):
    """A local tile server as BASEMAP_URL, an empty disk cache, a contact URL for the UA."""
    upstream = Upstream(
        reply=Reply(
            body=png_tile(), headers={"Content-Type": "image/png", "Cache-Control": "max-age=600"}
        )
    )
    server, thread = serve(upstream)
    settings.BASEMAP_URL = upstream.url + "/{z}/{x}/{y}.png"
    settings.BASEMAP_CACHE_DIR = tmp_path / "basemap"
    settings.BASEMAP_CONTACT_URL = "https://cameras.example.org/contact"
    cache.delete(WRITTEN_KEY)
    yield upstream
    server.shutdown()
    server.server_close()
    thread.join()
