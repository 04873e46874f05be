"""PostGIS builds the export text itself and streams it with COPY … TO STDOUT.

Serialising a million rows in Python costs several times what the database needs, so each
output line is built in SQL and Django only passes COPY's blocks on. OSM tags follow
`tags.osm_tags_of` exactly: the SQL below writes the canonical values and the raw spellings kept
in `original_tags` when they are the same text. The rare camera whose raw spelling differs
("ANPR", "NE", "3 m") needs the Python parsers to decide; those are rendered in Python first and
handed to the same COPY through a temporary table. Everything runs in one REPEATABLE READ
transaction, so the file is one consistent snapshot even while cameras are edited.
"""

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.osm_tags import _GROUPS  # the key table: one source of truth
from surveillance_map.exports import records
from surveillance_map.exports.tags import osm_tags_of

# `o` names the raw tags in the expressions below.
_FROM = """FROM cameras_camera c
CROSS JOIN LATERAL (SELECT c.original_tags AS o) raw
LEFT JOIN transparency_operator op ON op.id = c.operator_id
LEFT JOIN transparency_vendor v ON v.id = c.vendor_id
LEFT JOIN transparency_program p ON p.id = c.program_id
LEFT JOIN LATERAL (
  SELECT string_agg(cap.code, ';' ORDER BY cap.code) AS codes
  FROM cameras_camera_capabilities cc JOIN cameras_capability cap ON cap.id = cc.capability_id
  WHERE cc.camera_id = c.id) caps ON true"""

_DIRECTION = """CASE WHEN c.direction_from IS NOT NULL AND c.direction_to IS NOT NULL
  THEN c.direction_from || '-' || c.direction_to ELSE c.direction::text END"""
# Operator values: the source's own words while the camera points at the operator it named
# (a differently spelt name goes to Python), else the operator row's (see tags._operator_values).
_OPERATOR = "CASE WHEN op.id IS NULL THEN NULL WHEN o ? 'operator' THEN {claimed} ELSE {row} END"
# A maker name on the camera wins; a vendor linked without one is the manufacturer.
_MAKER = (
    "CASE WHEN c.manufacturer <> '' OR c.brand <> '' OR v.id IS NULL THEN {text} ELSE {row} END"
)

# The canonical text of each field, as osm_tags' formatters write it (NULL: not written).
_VALUES = {
    "name": "NULLIF(c.name, '')",
    "placement": "NULLIF(c.placement, '')",
    "surveillance_type": "NULLIF(c.surveillance_type, '')",
    "camera_type": "NULLIF(c.camera_type, '')",
    "mount": "NULLIF(c.mount, '')",
    "zone": "NULLIF(c.zone, '')",
    "directions": _DIRECTION,
    "angle_of_view": "c.angle_of_view::text",
    "tilt": "c.tilt::text",
    # PostgreSQL prints float8 in the shortest exact form, as Python's str() does.
    "height": "c.height::text",
    "operator_name": _OPERATOR.format(claimed="o->>'operator'", row="op.name"),
    "operator_type": _OPERATOR.format(
        claimed="o->>'operator:type'", row="NULLIF(op.operator_type, 'unknown')"
    ),
    "operator_wikidata": _OPERATOR.format(
        claimed="o->>'operator:wikidata'", row="NULLIF(op.wikidata, '')"
    ),
    "manufacturer": _MAKER.format(text="NULLIF(c.manufacturer, '')", row="v.name"),
    "manufacturer_wikidata": _MAKER.format(
        text="o->>'manufacturer:wikidata'", row="NULLIF(v.wikidata, '')"
    ),
    "brand": "NULLIF(c.brand, '')",
    "model": "NULLIF(c.model, '')",
    "first_seen": "c.first_seen::text",
    "last_verified": "c.last_verified::text",
}
# Keys whose value is not the field's text as is.
_KEY_VALUES = {"camera:angle": "(-c.tilt)::text"}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _groups() -> list[tuple[str, str, str]]:
    """(key expression, value expression, raw-spelling-differs expression) per tag group."""
    out = []
    for group in _GROUPS:
        field = group[0].field
        value_of = {t.key: _KEY_VALUES.get(t.key, _VALUES[field]) for t in group}
        # Written under the first key of the group the source used, else the canonical one.
        branches = [(f"o ? {_quote(t.key)}", t.key) for t in group]
        key = "CASE " + " ".join(f"WHEN {cond} THEN {_quote(k)}" for cond, k in branches)
        key += f" ELSE {_quote(group[0].key)} END"
        value = "CASE " + " ".join(f"WHEN {cond} THEN {value_of[k]}" for cond, k in branches)
        value += f" ELSE {value_of[group[0].key]} END"
        differs = " ".join(
            f"WHEN {cond} THEN (o->>{_quote(k)}) <> {value_of[k]}" for cond, k in branches
        )
        out.append((key, value, f"COALESCE(CASE {differs} ELSE false END, false)"))
    return out


def tags_sql() -> str:
    pairs = ", ".join(f"{key}, {value}" for key, value, _ in _groups())
    return (
        "(c.extra_tags || jsonb_strip_nulls(jsonb_build_object("
        f"'man_made', 'surveillance', {pairs})))"
    )


def needs_python_sql() -> str:
    """True for a camera whose tags the SQL cannot write alone."""
    checks = [differs for _, _, differs in _groups()]
    checks.append("(op.id IS NOT NULL AND o ? 'operator' AND o->>'operator' <> op.name)")
    return "(" + " OR ".join(checks) + ")"


def _where(queryset: QuerySet[Camera]) -> tuple[str, tuple]:
    ids_sql, params = queryset.order_by().values("id").query.sql_with_params()
    return f"WHERE c.id IN ({ids_sql})", params


def feature_sql(queryset: QuerySet[Camera], fallback_table: str) -> tuple[str, tuple]:
    """One GeoJSON Feature per row, each prefixed with a comma, in id order."""
    where, params = _where(queryset)
    record = ", ".join(f"'{records.PREFIX}{f.name}', {f.sql}" for f in records.RECORD_FIELDS)
    sql = f"""SELECT ',' || json_build_object(
  'type', 'Feature',
  'id', {records.FEATURE_ID_SQL},
  'geometry', ST_AsGeoJSON(c.location)::json,
  'properties', COALESCE(fb.tags, {tags_sql()}) || jsonb_build_object({record})
)::text
{_FROM}
LEFT JOIN {fallback_table} fb ON fb.id = c.id
{where}
ORDER BY c.id"""
    return sql, params


def csv_sql(queryset: QuerySet[Camera]) -> tuple[str, tuple]:
    where, params = _where(queryset)
    columns = ", ".join(f'{f.sql} AS "{f.name}"' for f in records.CSV_FIELDS)
    return f"SELECT {columns}\n{_FROM}\n{where}\nORDER BY c.id", params


@contextmanager
def snapshot() -> Iterator[None]:
    """One transaction seeing one state of the database (REPEATABLE READ when outermost).

    SQLite needs nothing: a transaction there already reads one state.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def _copy(sql: str, params: tuple, options: str) -> Iterator[bytes]:
    statement = f"COPY ({sql}) TO STDOUT WITH ({options})"
    with connection.cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
        for block in copy:
            yield bytes(block)


def _fill_fallback(queryset: QuerySet[Camera], table: str) -> None:
    """Render in Python the tags of the cameras the SQL cannot write alone."""
    where, params = _where(queryset)
    flagged = f"SELECT c.id {_FROM} {where} AND {needs_python_sql()}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {table} (id bigint PRIMARY KEY, tags jsonb)")
        cameras = Camera.objects.filter(id__in=RawSQL(flagged, params))
        batch = []
        for camera in records.iterate(cameras):
            batch.append((camera.pk, json.dumps(osm_tags_of(camera), ensure_ascii=False)))
            if len(batch) >= records.CHUNK_SIZE:
                cursor.executemany(f"INSERT INTO {table} VALUES (%s, %s::jsonb)", batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table} VALUES (%s, %s::jsonb)", batch)


def stream_geojson_lines(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    """The features of a FeatureCollection, comma-separated (no header or footer)."""
    table = f"export_tags_{uuid.uuid4().hex[:16]}"
    with snapshot():
        _fill_fallback(queryset, table)
        sql, params = feature_sql(queryset, table)
        # Single-column CSV with quote and delimiter characters JSON text never holds raw
        # (PostgreSQL escapes control characters), so each line is the JSON text verbatim.
        first = True
        for block in _copy(sql, params, "FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'"):
            if first:
                block, first = block[1:], False  # the first feature's leading comma
            yield block
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {table}")


def stream_csv(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    sql, params = csv_sql(queryset)
    with snapshot():
        yield from _copy(sql, params, "FORMAT csv, HEADER true")
