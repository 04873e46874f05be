"""Web Mercator tile and cluster-grid arithmetic, shared by the SQL and the Python tile paths.

Tiles up to `MAX_CLUSTER_ZOOM` show clusters: each tile is cut into `CELLS_PER_SIDE` ×
`CELLS_PER_SIDE` cells (64 px each on a 256 px tile). A cell is addressed at "grid zoom"
`zoom + CELL_BITS`; every camera's cell at any zoom is its cell at `FINE_ZOOM` shifted right,
so the trigger, the rebuild and on-the-fly aggregation put a camera in exactly the same cell.
"""

import math

MAX_CLUSTER_ZOOM = 13  # from zoom 14 on, tiles carry individual cameras...
MAX_CROWD_ZOOM = 16  # ...but up to here a cell holding more than CROWDED is still a cluster
CROWDED = 16
MAX_ZOOM = 22
CELL_BITS = 2
CELLS_PER_SIDE = 1 << CELL_BITS
FINE_ZOOM = MAX_CLUSTER_ZOOM + CELL_BITS
EXTENT = 4096  # MVT coordinate units per tile side
# Features this far outside a tile (a quarter tile, 64 px) are kept so that cones and cluster
# circles crossing a tile edge are drawn whole by both neighbours.
MARGIN = 0.25
BUFFER = int(EXTENT * MARGIN)
MAX_LAT = 85.0511287798066


def fine_cell(lon: float, lat: float) -> tuple[int, int]:
    """The camera's cell at FINE_ZOOM; mirrors SQL maps_cell_x / maps_cell_y."""
    n = 1 << FINE_ZOOM
    lat = min(max(lat, -MAX_LAT), MAX_LAT)
    x = math.floor((lon + 180.0) / 360.0 * n)
    rad = math.radians(lat)
    y = math.floor((1.0 - math.log(math.tan(rad) + 1.0 / math.cos(rad)) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def cell_at(fine: tuple[int, int], zoom: int) -> tuple[int, int]:
    """The cell holding a fine cell, for tiles at `zoom` (≤ MAX_CLUSTER_ZOOM)."""
    shift = MAX_CLUSTER_ZOOM - zoom
    return fine[0] >> shift, fine[1] >> shift


def tile_exists(z: int, x: int, y: int) -> bool:
    return 0 <= z <= MAX_ZOOM and 0 <= x < (1 << z) and 0 <= y < (1 << z)


def tile_lonlat_bounds(z: int, x: float, y: float) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a tile; fractional x/y give points inside or around it."""
    n = 1 << z

    def lon(tx: float) -> float:
        return tx / n * 360.0 - 180.0

    def lat(ty: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * ty / n))))

    return lon(x), lat(y + 1), lon(x + 1), lat(y)


def tile_lonlat_bounds_with_margin(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    n = 1 << z
    west, _, _, north = tile_lonlat_bounds(z, max(x - MARGIN, 0), max(y - MARGIN, 0))
    _, south, east, _ = tile_lonlat_bounds(z, min(x + MARGIN, n - 1), min(y + MARGIN, n - 1))
    return west, south, east, north


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """EPSG:4326 → EPSG:3857 metres."""
    lat = min(max(lat, -MAX_LAT), MAX_LAT)
    r = 6378137.0
    return math.radians(lon) * r, math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * r


def tile_mercator_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    half = math.pi * 6378137.0
    size = 2 * half / (1 << z)
    return -half + x * size, half - (y + 1) * size, -half + (x + 1) * size, half - y * size
