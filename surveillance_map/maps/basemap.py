"""The basemap through our own origin: visitors' browsers ask us, we ask the tile server.

A visitor's browser never talks to the tile server, so the server cannot learn who looks at
which streets. Upstream requests carry our User-Agent (with a contact URL) and nothing about the
visitor: no cookie, no Referer, no forwarded address, no client user agent.

The tile server's usage policy (OpenStreetMap's asks exactly this) is honoured: only tiles that
a visitor asked for are fetched (no prefetching of neighbours or zoom levels), each is kept on
disk for as long as the server's Cache-Control/Expires allow and then revalidated with
If-None-Match/If-Modified-Since; a stale copy is served while the server is unreachable. The
disk cache (`BASEMAP_CACHE_DIR`) has a size bound (`BASEMAP_CACHE_MAX_BYTES`): the least
recently used tiles go first.
"""

import email.utils
import json
import os
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

# When the server says nothing about caching: a week, the floor OpenStreetMap used to ask for.
DEFAULT_MAX_AGE = 7 * 24 * 3600
MAX_TILE_BYTES = 2 * 1024 * 1024
# A sweep walks the whole cache: do it after every tenth of the bound has been written.
SWEEP_FRACTION = 10
WRITTEN_KEY = "basemap:bytes-written"


class UpstreamError(Exception):
    """The tile server could not give us the tile and no copy is at hand."""


class NoSuchTile(Exception):
    """The tile server says this tile does not exist."""


@dataclass(frozen=True)
class Tile:
    body: bytes
    content_type: str
    expires: float  # epoch seconds; 0 = revalidate before every use
    etag: str = ""
    last_modified: str = ""
    storable: bool = True

    def fresh(self, now: float) -> bool:
        return now < self.expires

    def max_age(self, now: float) -> int:
        return max(0, int(self.expires - now))


def valid(z: int, x: int, y: int) -> bool:
    """A tile that exists in the Web Mercator pyramid up to our deepest zoom."""
    return 0 <= z <= settings.BASEMAP_MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


def upstream_url(z: int, x: int, y: int) -> str:
    """The tile's URL from the BASEMAP_URL template ({s} picks a subdomain by position)."""
    subdomain = "abc"[(x + y) % 3]
    url = settings.BASEMAP_URL.replace("{s}", subdomain).replace("{r}", "")
    return url.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y))


def user_agent() -> str:
    contact = settings.BASEMAP_CONTACT_URL or "no contact configured"
    return f"SurveillanceMap/1.0 (tile proxy; +{contact})"


def get_tile(z: int, x: int, y: int, *, now: float | None = None) -> Tile:
    """The tile from the disk cache while fresh, else from the tile server.

    Raises NoSuchTile (the server said 404) or UpstreamError (no answer and no copy).
    """
    now = time.time() if now is None else now
    path = tile_path(z, x, y)
    cached = read_cached(path)
    if cached is not None and cached.fresh(now):
        _touch(path, now)
        return cached
    try:
        tile = fetch(upstream_url(z, x, y), revalidate=cached, now=now)
    except UpstreamError:
        if cached is not None:
            return cached  # stale, but better than a hole in the map
        raise
    if tile.storable:
        write_cached(path, tile)
    else:
        path.unlink(missing_ok=True)
    return tile


def fetch(url: str, *, revalidate: Tile | None, now: float) -> Tile:
    """One upstream request carrying only our own headers."""
    headers = {"User-Agent": user_agent(), "Accept": "image/png,image/*;q=0.8"}
    if revalidate is not None and revalidate.etag:
        headers["If-None-Match"] = revalidate.etag
    if revalidate is not None and revalidate.last_modified:
        headers["If-Modified-Since"] = revalidate.last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with _opener().open(request, timeout=settings.BASEMAP_TIMEOUT) as response:
            body = response.read(MAX_TILE_BYTES + 1)
            content_type = response.headers.get_content_type()
            response_headers = response.headers
    except urllib.error.HTTPError as error:
        if error.code == 304 and revalidate is not None:
            expires, storable = expiry(error.headers, now)
            return replace(revalidate, expires=expires, storable=storable)
        if error.code == 404:
            raise NoSuchTile(url) from None
        raise UpstreamError(f"{url}: HTTP {error.code}") from None
    except (OSError, ValueError) as error:  # URLError, timeouts, refused connections
        raise UpstreamError(f"{url}: {error}") from None
    if len(body) > MAX_TILE_BYTES or not content_type.startswith("image/"):
        raise UpstreamError(f"{url}: not a tile ({content_type}, {len(body)} bytes)")
    expires, storable = expiry(response_headers, now)
    return Tile(
        body=body,
        content_type=content_type,
        expires=expires,
        etag=response_headers.get("ETag", ""),
        last_modified=response_headers.get("Last-Modified", ""),
        storable=storable,
    )


def _opener() -> urllib.request.OpenerDirector:
    """urllib without its cookie and auth handlers: nothing but the request we build."""
    return urllib.request.build_opener()


_DIRECTIVE = re.compile(r"\s*([a-z-]+)\s*(?:=\s*\"?(\d+)\"?)?\s*", re.IGNORECASE)


def expiry(headers, now: float) -> tuple[float, bool]:
    """(expires at, may we store it) from Cache-Control, Age and Expires, as a shared cache."""
    directives = {}
    for part in (headers.get("Cache-Control") or "").split(","):
        match = _DIRECTIVE.fullmatch(part)
        if match:
            directives[match[1].lower()] = match[2]
    if "no-store" in directives or "private" in directives:
        return now, False
    if "no-cache" in directives:
        return now, True
    age = _int(headers.get("Age")) or 0
    for name in ("s-maxage", "max-age"):
        seconds = _int(directives.get(name))
        if seconds is not None:
            return now + max(0, seconds - age), True
    expires = _http_date(headers.get("Expires"))
    if headers.get("Expires") is not None:
        if expires is None:  # an invalid Expires means "already expired"
            return now, True
        date = _http_date(headers.get("Date")) or now
        return now + max(0.0, expires - date), True
    return now + DEFAULT_MAX_AGE, True


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _http_date(value) -> float | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


# The disk cache: one file per tile, a JSON line of metadata and then the image bytes.


def tile_path(z: int, x: int, y: int) -> Path:
    return Path(settings.BASEMAP_CACHE_DIR) / str(z) / str(x) / f"{y}.tile"


def read_cached(path: Path) -> Tile | None:
    try:
        raw = path.read_bytes()
        head, body = raw.split(b"\n", 1)
        meta = json.loads(head)
        return Tile(body=body, **meta)
    except (OSError, ValueError, TypeError):
        return None


def write_cached(path: Path, tile: Tile) -> None:
    meta = {
        "content_type": tile.content_type,
        "expires": tile.expires,
        "etag": tile.etag,
        "last_modified": tile.last_modified,
    }
    data = json.dumps(meta).encode() + b"\n" + tile.body
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)  # readers see the old tile or the new one, never half
    _count_written(len(data))


def _touch(path: Path, now: float) -> None:
    """Mark a tile as used (for eviction), at most once an hour to spare the disk."""
    try:
        if now - path.stat().st_mtime > 3600:
            os.utime(path, (now, now))
    except OSError:
        pass


def _count_written(size: int) -> None:
    """Bytes written since the last sweep, shared by all workers through the cache."""
    limit = settings.BASEMAP_CACHE_MAX_BYTES
    try:
        written = cache.incr(WRITTEN_KEY, size)
    except ValueError:  # first write since the cache started: we don't know the disk usage
        written = limit
    if written >= limit // SWEEP_FRACTION:
        cache.set(WRITTEN_KEY, 0, None)
        evict(Path(settings.BASEMAP_CACHE_DIR), limit)


def evict(root: Path, max_bytes: int) -> int:
    """Delete the least recently used tiles until the cache is under 90 % of its bound."""
    files = []
    for path in root.rglob("*.tile"):
        try:
            stat = path.stat()
        except OSError:
            continue
        files.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in files)
    if total <= max_bytes:
        return 0
    removed = 0
    target = max_bytes * 9 // 10
    for _, size, path in sorted(files, key=lambda item: item[0]):
        if total <= target:
            break
        path.unlink(missing_ok=True)
        total -= size
        removed += 1
    return removed
