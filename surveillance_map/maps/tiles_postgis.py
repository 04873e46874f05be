"""Tiles built by PostGIS with ST_AsMVT, from precomputed cells or from the cameras table.

Type and status filters are plain SQL (they are also columns of the cells). Any other filter is
the ORM's `apply_camera_filters` (shared with the API), embedded as an `id IN (…)` subquery, so
a rule such as "capability matches any of" lives in one place. JIT is off for these queries (it
doubles mid-size tiles) and parameters are bound client-side, so ST_TileEnvelope(z, x, y) is
constant-folded.
"""

from django.contrib.gis.geos import Polygon
from django.db import connection, transaction

from surveillance_map.cameras.filters import apply_camera_filters
from surveillance_map.cameras.models import Camera
from surveillance_map.maps.grid import (
    BUFFER,
    CELLS_PER_SIDE,
    EXTENT,
    FINE_ZOOM,
    MARGIN,
    MAX_CLUSTER_ZOOM,
    tile_lonlat_bounds_with_margin,
)

CELL_FILTERS = frozenset({"surveillance_type", "status"})

CAMERA_COLUMNS = """
  c.id, NULLIF(c.name, '') AS name, NULLIF(c.surveillance_type, '') AS type,
  NULLIF(c.camera_type, '') AS camera_type, c.status, c.direction, c.direction_from,
  c.direction_to, c.angle_of_view, o.name AS operator, NULLIF(o.operator_type, '') AS operator_type,
  v.name AS vendor, NULLIF(v.country_of_origin, '') AS vendor_country, p.name AS program,
  (SELECT string_agg(cap.code, ',' ORDER BY cap.code)
   FROM cameras_camera_capabilities cc JOIN cameras_capability cap ON cap.id = cc.capability_id
   WHERE cc.camera_id = c.id) AS capabilities,
  c.last_verified::text AS last_verified"""


def _mvt_geom(expression: str) -> str:
    """The tile's geometry column; takes z, x, y as parameters."""
    return f"ST_AsMVTGeom({expression}, ST_TileEnvelope(%s, %s, %s), {EXTENT}, {BUFFER}, true)"


# Cells (cell_x, cell_y, surveillance_type, n, slon, slat) → one point per cell with its count
# and the type most of its cameras have.
CLUSTERS_MVT = f"""
, cells AS (
  SELECT sum(n)::integer AS count, sum(slon) / sum(n) AS lon, sum(slat) / sum(n) AS lat,
         (array_agg(NULLIF(surveillance_type, '') ORDER BY n DESC, surveillance_type))[1] AS type
  FROM per_type WHERE cell_x BETWEEN %s AND %s AND cell_y BETWEEN %s AND %s
  GROUP BY cell_x, cell_y
)
SELECT ST_AsMVT(t, 'clusters', {EXTENT}, 'geom') FROM (
  SELECT count, type,
    {_mvt_geom("ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 3857)")} AS geom
  FROM cells
) t
"""


def render(*, z: int, x: int, y: int, filters: dict, dataset: str) -> bytes:
    if z > MAX_CLUSTER_ZOOM:
        sql, params = _cameras_sql(z, x, y, filters, dataset)
    elif set(filters) <= CELL_FILTERS:
        sql, params = _cells_sql(z, x, y, filters, dataset)
    else:
        sql, params = _live_clusters_sql(z, x, y, filters, dataset)
    with transaction.atomic(), connection.cursor() as cursor:
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
    sql = f"""
SELECT ST_AsMVT(t, 'cameras', {EXTENT}, 'geom', 'id') FROM (
  SELECT {CAMERA_COLUMNS}, {_mvt_geom("ST_Transform(c.location, 3857)")} AS geom
  FROM cameras_camera c
  LEFT JOIN transparency_operator o ON o.id = c.operator_id
  LEFT JOIN transparency_vendor v ON v.id = c.vendor_id
  LEFT JOIN transparency_program p ON p.id = c.program_id
  WHERE {where}
) t
"""
    return sql, [z, x, y, *params]


def _cells_sql(z, x, y, filters, dataset) -> tuple[str, list]:
    where, params = "", [z, dataset, *_cell_range(z, x, y), filters["status"]]
    if "surveillance_type" in filters:
        where, params = "AND surveillance_type = ANY(%s)", [*params, filters["surveillance_type"]]
    sql = f"""
WITH per_type AS (
  SELECT cell_x, cell_y, surveillance_type, sum(count) AS n, sum(sum_lon) AS slon,
         sum(sum_lat) AS slat
  FROM maps_tilecell
  WHERE zoom = %s AND dataset = %s AND cell_x BETWEEN %s AND %s AND cell_y BETWEEN %s AND %s
    AND status = ANY(%s) {where}
  GROUP BY 1, 2, 3
) {CLUSTERS_MVT}"""
    return sql, [*params, *_cell_range(z, x, y), z, x, y]


def _live_clusters_sql(z, x, y, filters, dataset) -> tuple[str, list]:
    where, params = _cameras_where(z, x, y, filters, dataset)
    shift = MAX_CLUSTER_ZOOM - z
    sql = f"""
WITH per_type AS (
  SELECT maps_cell_x(ST_X(c.location), {FINE_ZOOM}) >> %s AS cell_x,
         maps_cell_y(ST_Y(c.location), {FINE_ZOOM}) >> %s AS cell_y,
         c.surveillance_type, count(*) AS n, sum(ST_X(c.location)) AS slon,
         sum(ST_Y(c.location)) AS slat
  FROM cameras_camera c WHERE {where}
  GROUP BY 1, 2, 3
) {CLUSTERS_MVT}"""
    return sql, [shift, shift, *params, *_cell_range(z, x, y), z, x, y]
