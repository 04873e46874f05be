"""Map tiles as Mapbox Vector Tiles: clusters up to MAX_CLUSTER_ZOOM, cameras above (on
PostGIS, crowded cells stay clusters up to MAX_CROWD_ZOOM).

Layers: `clusters` (count, dominant `type`, at the cluster's centroid) and `cameras` (only the
attributes the map draws: type, camera type, status, direction, angle, last verified; the popup
fetches names and capabilities from the camera's record when it opens). On PostGIS the tile is
built by ST_AsMVT, at low zoom from precomputed cells when the filters allow it; elsewhere it is
encoded in Python.
"""

import gzip
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache

from surveillance_map.cameras.filters import FILTER_PARAMS
from surveillance_map.cameras.vocabularies import IN_PLACE_STATUSES, Dataset
from surveillance_map.lib.db import is_postgis
from surveillance_map.lib.memo import BytesLRU
from surveillance_map.maps import tiles_postgis, tiles_python
from surveillance_map.maps.grid import tile_exists

FILTER_NAMES = frozenset(param.name for param in FILTER_PARAMS)
# Entries are keyed by the data version, so they never go stale; this only bounds memory.
TILE_CACHE_SECONDS = 3600
# The tiles this process served last, in front of the shared cache (TILE_MEMORY_BYTES each).
recent_tiles = BytesLRU(settings.TILE_MEMORY_BYTES)


class TileNotFound(ValueError):
    pass


def map_filters(filters: dict) -> dict:
    """Parsed camera filters with the map's default status: removed cameras stay in the
    database and in history, but not on the map unless asked for."""
    return {"status": list(IN_PLACE_STATUSES), **filters}


def render_tile(*, z: int, x: int, y: int, filters: dict, dataset: str = Dataset.REAL) -> bytes:
    """The tile's MVT bytes (empty when there is nothing in it)."""
    if not tile_exists(z, x, y):
        raise TileNotFound(f"no tile {z}/{x}/{y}")
    filters = map_filters(filters)
    if is_postgis():
        return tiles_postgis.render(z=z, x=x, y=y, filters=filters, dataset=dataset)
    return tiles_python.render(z=z, x=x, y=y, filters=filters, dataset=dataset)


def query_digest(params) -> str:
    """A short, order-independent digest of the filter parameters, the only ones that shape a
    tile: made-up parameters cannot multiply the cache entries of one tile."""
    query = urlencode(sorted((k, v) for k, v in params.items() if k in FILTER_NAMES))
    return hashlib.sha1(query.encode()).hexdigest()[:16]


def cached_tile(
    *,
    version: int,
    z: int,
    x: int,
    y: int,
    filters: dict,
    digest: str,
    dataset=Dataset.REAL,
    gzipped: bool = False,
) -> bytes:
    """render_tile through this process's memory and the shared cache, gzipped if asked; the
    key carries the data version, so no entry is ever stale."""
    key = f"tile:{dataset}:{version}:{z}/{x}/{y}:{digest}:{'gz' if gzipped else 'raw'}"
    body = recent_tiles.get(key)
    if body is not None:
        return body
    body = cache.get(key)
    if body is None:
        body = render_tile(z=z, x=x, y=y, filters=filters, dataset=dataset)
        if gzipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        cache.set(key, body, TILE_CACHE_SECONDS)
    recent_tiles.set(key, body)
    return body
