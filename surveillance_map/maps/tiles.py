"""Map tiles as Mapbox Vector Tiles: clusters up to MAX_CLUSTER_ZOOM, cameras above.

Layers: `clusters` (count, dominant `type`, at the cluster's centroid) and `cameras` (the
attributes the popup and the styling need). On PostGIS the tile is built by ST_AsMVT, at low
zoom from precomputed cells when the filters allow it; elsewhere it is encoded in Python.
"""

from django.db import connection

from surveillance_map.cameras.vocabularies import Dataset, Status
from surveillance_map.maps import tiles_postgis, tiles_python
from surveillance_map.maps.grid import tile_exists

# Removed cameras stay in the database and history but not on the map, unless asked for.
DEFAULT_STATUSES = [Status.ACTIVE.value, Status.UNKNOWN.value]

# Only these filters are columns of the precomputed cells; any other one aggregates on the fly.
CELL_FILTERS = frozenset({"surveillance_type", "status"})


class TileNotFound(ValueError):
    pass


def map_filters(filters: dict) -> dict:
    """Parsed camera filters with the map's default status."""
    return {"status": DEFAULT_STATUSES, **filters}


def render_tile(*, z: int, x: int, y: int, filters: dict, dataset: str = Dataset.REAL) -> bytes:
    """The tile's MVT bytes (empty when there is nothing in it)."""
    if not tile_exists(z, x, y):
        raise TileNotFound(f"no tile {z}/{x}/{y}")
    filters = map_filters(filters)
    if connection.vendor == "postgresql":
        return tiles_postgis.render(z=z, x=x, y=y, filters=filters, dataset=dataset)
    return tiles_python.render(z=z, x=x, y=y, filters=filters, dataset=dataset)
