"""Tiles built by PostGIS with ST_AsMVT, from precomputed cells or from the cameras table.

Type and status filters are plain SQL (they are also columns of the cells). Any other filter is
the ORM's `apply_camera_filters` (shared with the API), embedded as an `id IN (…)` subquery, so
a rule such as "capability matches any of" lives in one place. JIT is off for these queries (it
doubles mid-size tiles) and parameters are bound client-side, so ST_TileEnvelope(z, x, y) is
constant-folded.
"""

from django.contrib.gis.geos import Polygon
from django.db import transaction

from surveillance_map.cameras.filters import apply_camera_filters
from surveillance_map.cameras.models import Camera
from surveillance_map.lib.replicas import read_connection
from surveillance_map.lib.sql import read_sql
from surveillance_map.maps.grid import (
    BUFFER,
    CELL_BITS,
    CELLS_PER_SIDE,
    CROWDED,
    EXTENT,
    FINE_ZOOM,
    MARGIN,
    MAX_CLUSTER_ZOOM,
    MAX_CROWD_ZOOM,
    tile_lonlat_bounds_with_margin,
)

# What a tile says of a camera (sql/tile_camera_columns.sql): what the map draws and nothing
# more; the popup fetches the rest (maps:camera-json) when it opens.
CAMERA_ATTRIBUTES = (
    "id",
    "type",
    "camera_type",
    "status",
    "direction",
    "direction_from",
    "direction_to",
    "angle_of_view",
    "last_verified",
)
# Only these filters are columns of the precomputed cells; any other one aggregates on the fly.
CELL_FILTERS = frozenset({"surveillance_type", "status"})


def _mvt_geom(expression: str) -> str:
    """The tile's geometry column; takes z, x, y as parameters."""
    return f"ST_AsMVTGeom({expression}, ST_TileEnvelope(%s, %s, %s), {EXTENT}, {BUFFER}, true)"


def _query(name: str, **parts: str) -> str:
    """A query of maps/sql/ with its fragments filled in (parameters stay %s placeholders)."""
    return read_sql(__file__, name).format(extent=EXTENT, **parts)


CLUSTERS_MVT = _query(
    "tile_clusters_mvt.sql",
    geom=_mvt_geom("ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 3857)"),
)
CAMERAS_MVT = _query(
    "tile_cameras.sql",
    columns=read_sql(__file__, "tile_camera_columns.sql").strip(),
    geom=_mvt_geom("ST_Transform(c.location, 3857)"),
    where="{where}",
)
CROWDED_MVT = _query(
    "tile_cameras_crowded.sql",
    columns=read_sql(__file__, "tile_camera_columns.sql").strip(),
    names=", ".join(CAMERA_ATTRIBUTES),
    camera_geom=_mvt_geom("ST_Transform(location, 3857)"),
    cluster_geom=_mvt_geom("ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 3857)"),
    crowded=str(CROWDED),
    where="{where}",
)


def render(*, z: int, x: int, y: int, filters: dict, dataset: str) -> bytes:
    if z > MAX_CROWD_ZOOM:
        sql, params = _cameras_sql(z, x, y, filters, dataset)
    elif z > MAX_CLUSTER_ZOOM:
        sql, params = _crowded_sql(z, x, y, filters, dataset)
    elif set(filters) <= CELL_FILTERS:
        sql, params = _cells_sql(z, x, y, filters, dataset)
    else:
        sql, params = _live_clusters_sql(z, x, y, filters, dataset)
    db = read_connection()  # a replica when the request may read one
    with transaction.atomic(using=db.alias), db.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return bytes(cursor.fetchone()[0] or b"")


def _cameras_where(z, x, y, filters, dataset) -> tuple[str, list]:
    """Conditions on `c` (cameras_camera) for the tile with its margin, and their parameters."""
    where = [
        f"c.location && ST_Transform(ST_TileEnvelope(%s, %s, %s, margin => {MARGIN}), 4326)",
        "c.dataset = %s",
        "c.status = ANY(%s)",
    ]
    params = [z, x, y, dataset, filters["status"]]
    if "surveillance_type" in filters:
        where.append("c.surveillance_type = ANY(%s)")
        params.append(filters["surveillance_type"])
    others = {k: v for k, v in filters.items() if k not in CELL_FILTERS}
    if others:
        box = Polygon.from_bbox(tile_lonlat_bounds_with_margin(z, x, y))
        box.srid = 4326
        ids = apply_camera_filters(Camera.objects.filter(location__bboverlaps=box), **others)
        subquery, subparams = ids.values("id").order_by().query.sql_with_params()
        where.append(f"c.id IN ({subquery})")
        params += subparams
    return " AND ".join(where), params


def _cell_range(z: int, x: int, y: int) -> list[int]:
    """Cells of the tile plus one ring around it (drawn in the tile's buffer)."""
    return [
        x * CELLS_PER_SIDE - 1,
        (x + 1) * CELLS_PER_SIDE,
        y * CELLS_PER_SIDE - 1,
        (y + 1) * CELLS_PER_SIDE,
    ]


def _cameras_sql(z, x, y, filters, dataset) -> tuple[str, list]:
    where, params = _cameras_where(z, x, y, filters, dataset)
    sql = CAMERAS_MVT.format(where=where)
    return sql, [z, x, y, *params]


def _crowded_sql(z, x, y, filters, dataset) -> tuple[str, list]:
    where, params = _cameras_where(z, x, y, filters, dataset)
    grid_zoom = z + CELL_BITS
    return CROWDED_MVT.format(where=where), [grid_zoom, grid_zoom, *params, z, x, y, z, x, y]


def _cells_sql(z, x, y, filters, dataset) -> tuple[str, list]:
    where, params = "", [z, dataset, *_cell_range(z, x, y), filters["status"]]
    if "surveillance_type" in filters:
        where, params = "AND surveillance_type = ANY(%s)", [*params, filters["surveillance_type"]]
    sql = _query("tile_clusters_from_cells.sql", where=where, clusters=CLUSTERS_MVT)
    return sql, [*params, *_cell_range(z, x, y), z, x, y]


def _live_clusters_sql(z, x, y, filters, dataset) -> tuple[str, list]:
    where, params = _cameras_where(z, x, y, filters, dataset)
    shift = MAX_CLUSTER_ZOOM - z
    sql = _query(
        "tile_clusters_live.sql", fine_zoom=str(FINE_ZOOM), where=where, clusters=CLUSTERS_MVT
    )
    return sql, [shift, shift, *params, *_cell_range(z, x, y), z, x, y]
