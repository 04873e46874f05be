"""Tiles built by PostGIS: ST_AsMVT over precomputed cells, or over filtered cameras.

The filtered camera rows come from the ORM (the filters shared with the API), embedded as a
CTE; the MVT itself is built in SQL. JIT is off for these queries (it doubles mid-size tiles)
and parameters are bound client-side, so ST_TileEnvelope(z, x, y) is constant-folded.
"""

from django.contrib.gis.geos import Polygon
from django.contrib.postgres.aggregates import StringAgg
from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery

from surveillance_map.cameras.filters import apply_camera_filters
from surveillance_map.cameras.models import Camera
from surveillance_map.maps.grid import (
    BUFFER,
    CELLS_PER_SIDE,
    EXTENT,
    FINE_ZOOM,
    MAX_CLUSTER_ZOOM,
    tile_lonlat_bounds_with_margin,
)

CAMERA_ATTRIBUTES = {
    "type": F("surveillance_type"),
    "operator_name": F("operator__name"),
    "operator_kind": F("operator__operator_type"),
    "vendor_name": F("vendor__name"),
    "vendor_country": F("vendor__country_of_origin"),
    "program_name": F("program__name"),
}
CAMERA_COLUMNS = (
    "id, NULLIF(name, '') AS name, NULLIF(type, '') AS type,"
    " NULLIF(camera_type, '') AS camera_type, status, direction, direction_from, direction_to,"
    " angle_of_view, operator_name AS operator, NULLIF(operator_kind, '') AS operator_type,"
    " vendor_name AS vendor, NULLIF(vendor_country, '') AS vendor_country,"
    " program_name AS program, capability_codes AS capabilities,"
    " last_verified::text AS last_verified"
)


def _mvt_geom(expression: str) -> str:
    """The tile's geometry column; takes z, x, y as parameters."""
    return f"ST_AsMVTGeom({expression}, ST_TileEnvelope(%s, %s, %s), {EXTENT}, {BUFFER}, true)"


# Cells (cell_x, cell_y, type, n, slon, slat) → one point per cell with its count and the
# type most of its cameras have.
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
    elif set(filters) <= {"surveillance_type", "status"}:
        sql, params = _cells_sql(z, x, y, filters, dataset)
    else:
        sql, params = _live_clusters_sql(z, x, y, filters, dataset)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return bytes(cursor.fetchone()[0] or b"")


def _cameras(z: int, x: int, y: int, filters: dict, dataset: str):
    box = Polygon.from_bbox(tile_lonlat_bounds_with_margin(z, x, y))
    box.srid = 4326
    queryset = Camera.objects.filter(dataset=dataset, location__bboverlaps=box)
    return apply_camera_filters(queryset, **filters)


def _cell_range(z: int, x: int, y: int) -> list[int]:
    """Cells of the tile plus one ring around it (drawn in the tile's buffer)."""
    return [
        x * CELLS_PER_SIDE - 1,
        (x + 1) * CELLS_PER_SIDE,
        y * CELLS_PER_SIDE - 1,
        (y + 1) * CELLS_PER_SIDE,
    ]


def _cameras_sql(z, x, y, filters, dataset) -> tuple[str, list]:
    capabilities = (
        Camera.capabilities.through.objects.filter(camera_id=OuterRef("pk"))
        .values("camera_id")
        .annotate(codes=StringAgg("capability__code", ",", order_by="capability__code"))
        .values("codes")
    )
    rows = (
        _cameras(z, x, y, filters, dataset)
        .annotate(capability_codes=Subquery(capabilities), **CAMERA_ATTRIBUTES)
        .values(
            "id",
            "name",
            "camera_type",
            "status",
            "direction",
            "direction_from",
            "direction_to",
            "angle_of_view",
            "last_verified",
            "location",
            "capability_codes",
            *CAMERA_ATTRIBUTES,
        )
        .order_by()
    )
    inner, params = rows.query.sql_with_params()
    sql = f"""
WITH c AS ({inner})
SELECT ST_AsMVT(t, 'cameras', {EXTENT}, 'geom', 'id') FROM (
  SELECT {CAMERA_COLUMNS}, {_mvt_geom("ST_Transform(location, 3857)")} AS geom
  FROM c
) t
"""
    return sql, [*params, z, x, y]


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
    rows = _cameras(z, x, y, filters, dataset).values("location", "surveillance_type").order_by()
    inner, params = rows.query.sql_with_params()
    shift = MAX_CLUSTER_ZOOM - z
    sql = f"""
WITH c AS ({inner}), per_type AS (
  SELECT maps_cell_x(ST_X(location), {FINE_ZOOM}) >> %s AS cell_x,
         maps_cell_y(ST_Y(location), {FINE_ZOOM}) >> %s AS cell_y,
         surveillance_type, count(*) AS n, sum(ST_X(location)) AS slon,
         sum(ST_Y(location)) AS slat
  FROM c GROUP BY 1, 2, 3
) {CLUSTERS_MVT}"""
    return sql, [*params, shift, shift, *_cell_range(z, x, y), z, x, y]
