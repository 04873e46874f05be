"""PostGIS builds the export text itself and streams it with COPY … TO STDOUT.

Serialising a million rows in Python costs several times what the database needs, so each
output line is built in SQL and Django only passes COPY's blocks on. OSM tags follow
`tags.osm_tags_of` exactly: the SQL below writes the canonical values and the raw spellings kept
in `original_tags` when they are the same text. The rare camera whose raw spelling differs
("ANPR", "NE", "3 m") needs the Python parsers to decide; those (about 3% of OpenStreetMap
data) are rendered in Python first and handed to the same COPY as one JSON parameter.
Everything runs in one read-only REPEATABLE READ transaction, so the file is one consistent
snapshot even while cameras are edited, and nothing is written (no transaction id is taken, so
a long download holds back neither the change feed nor a read replica's use).

The cameras go out in the table's own order, spatial-key order (neighbours together; the table
is clustered on it, see cluster_cameras), in consecutive (spatial_key, id) ranges of
EXPORT_BATCH_CAMERAS, one COPY each: a batch reads a few neighbouring pages, no query sorts the
whole selection before the first byte (at millions of cameras that took longer than a worker
may stay silent), and COPY's rows (one message each) are joined into blocks of about
BLOCK_BYTES, so the response is not written one HTTP chunk per camera.
"""

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.osm_tags import TAG_GROUPS
from surveillance_map.cameras.vocabularies import (
    CameraType,
    Mount,
    Placement,
    Status,
    SurveillanceType,
    Zone,
)
from surveillance_map.exports import records
from surveillance_map.exports.tags import osm_tags_of
from surveillance_map.lib.csvcells import safe_cell_sql
from surveillance_map.lib.db import is_postgis
from surveillance_map.lib.replicas import read_connection
from surveillance_map.lib.sql import read_sql

# The FROM clause of every export query; `{of_ids}` matches the selected cameras' ids.
_FROM = read_sql(__file__, "export_source.sql")


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


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _choice_json(expression: str, values) -> str:
    """JSON text of a vocabulary value by lookup (to_json only for a value off the list)."""
    cases = " ".join(f"WHEN {_quote(v)} THEN {_quote(json.dumps(v))}" for v in values)
    return f"CASE {expression} {cases} ELSE to_json({expression})::text END"


# The same values as JSON text, where that is cheaper than to_json() of the text each row.
_JSON_VALUES = {
    "placement": _choice_json("NULLIF(c.placement, '')", Placement.values),
    "surveillance_type": _choice_json("NULLIF(c.surveillance_type, '')", SurveillanceType.values),
    "camera_type": _choice_json("NULLIF(c.camera_type, '')", CameraType.values),
    "mount": _choice_json("NULLIF(c.mount, '')", Mount.values),
    "zone": _choice_json("NULLIF(c.zone, '')", Zone.values),
    "operator_name": _OPERATOR.format(claimed="to_json(o->>'operator')::text", row="op.name_json"),
    "operator_type": _OPERATOR.format(
        claimed="to_json(o->>'operator:type')::text", row="op.type_json"
    ),
    "operator_wikidata": _OPERATOR.format(
        claimed="to_json(o->>'operator:wikidata')::text", row="op.wikidata_json"
    ),
    "manufacturer": _MAKER.format(
        text="to_json(NULLIF(c.manufacturer, ''))::text", row="v.name_json"
    ),
    "manufacturer_wikidata": _MAKER.format(
        text="to_json(o->>'manufacturer:wikidata')::text", row="v.wikidata_json"
    ),
}
_RECORD_JSON = {
    "id": "c.id::text",
    "status": _choice_json("c.status", Status.values),
    "capabilities": "caps.codes_json",
    "capability_basis": "caps.bases_json",
    "operator": "op.name_json",
    "vendor": "v.name_json",
    "vendor_country": "v.country_json",
    "program": "p.name_json",
}
# Numbers and dates: their text never needs JSON escaping.
_PLAIN_TEXT = {"directions", "angle_of_view", "tilt", "height", "first_seen", "last_verified"}
# Keys whose value is not the field's text as is.
_KEY_VALUES = {"camera:angle": "(-c.tilt)::text"}


def _groups() -> list[tuple[str, str, str, str]]:
    """(key, value, raw-spelling-differs, field) SQL expressions per tag group."""
    out = []
    for group in TAG_GROUPS:
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
        out.append((key, value, f"COALESCE(CASE {differs} ELSE false END, false)", field))
    return out


def _without_raw_tags(sql: str) -> str:
    """The expression for a camera with no raw tags; PostgreSQL folds the dead branches away."""
    return re.sub(r"o->>'[^']*'", "NULL::text", re.sub(r"o \? '[^']*'", "false", sql))


def _member(key_sql: str, value_sql: str, field: str) -> str:
    """`"key":"value"` as JSON text, or NULL when the value is (concat_ws then skips it)."""
    if field in _PLAIN_TEXT:
        return f"'\"' || {key_sql} || '\":\"' || {value_sql} || '\"'"
    json_sql = _JSON_VALUES.get(field, f"to_json(({value_sql})::text)::text")
    return f"'\"' || {key_sql} || '\":' || {json_sql}"


def _inner(jsonb_sql: str) -> str:
    """The members of a JSON object's text without the braces; NULL for an empty object."""
    return f"NULLIF(substr(({jsonb_sql})::text, 2, length(({jsonb_sql})::text) - 2), '')"


def tags_members_sql() -> str:
    """The camera's OSM tags as JSON object members, built as text (far cheaper than jsonb).

    Unmapped tags come first, minus any key a mapped field writes (write_tags overrides them).
    Cameras without raw tags (created here, not imported) take a shorter expression.
    """
    groups = _groups()
    written = ", ".join(f"CASE WHEN ({v}) IS NOT NULL THEN {k} END" for k, v, _, _ in groups)
    extra = (
        "CASE WHEN c.extra_tags = '{}'::jsonb THEN NULL ELSE "
        + _inner(f"c.extra_tags - 'man_made' - array_remove(ARRAY[{written}], NULL)")
        + " END"
    )
    members = [extra, '\'"man_made":"surveillance"\'']
    members += [_member(key, value, field) for key, value, _, field in groups]
    full = "concat_ws(',', " + ", ".join(members) + ")"
    return f"CASE WHEN o = '{{}}'::jsonb THEN {_without_raw_tags(full)} ELSE {full} END"


def needs_python_sql() -> str:
    """True for a camera whose tags the SQL cannot write alone."""
    checks = [differs for _, _, differs, _ in _groups()]
    checks.append("(op.id IS NOT NULL AND o ? 'operator' AND o->>'operator' <> op.name)")
    # Every check needs a raw tag, so cameras without any are ruled out at once.
    return "(o <> '{}'::jsonb AND (" + " OR ".join(checks) + "))"


# A batch: the cameras with low < (spatial_key, id) <= high, each bound a (spatial_key, id) pair
# (None: unbounded). Written as a range of the key (which the (spatial_key, id) index reads, and
# the planner estimates well) less the ends' cameras on the wrong side of the bound's id.
Key = tuple[int, int]
Batch = tuple[Key | None, Key | None]
WHOLE: Batch = (None, None)
ORDER = ("spatial_key", "id")


def _in_batch(queryset: QuerySet[Camera], batch: Batch) -> QuerySet[Camera]:
    low, high = batch
    if low is not None:
        queryset = queryset.filter(spatial_key__gte=low[0]).exclude(
            spatial_key=low[0], id__lte=low[1]
        )
    if high is not None:
        queryset = queryset.filter(spatial_key__lte=high[0]).exclude(
            spatial_key=high[0], id__gt=high[1]
        )
    return queryset


def _bounds(batch: Batch) -> tuple[list[str], tuple]:
    """The same conditions on the export query's `c`."""
    low, high = batch
    conditions, params = [], ()
    if low is not None:
        conditions += ["c.spatial_key >= %s", "NOT (c.spatial_key = %s AND c.id <= %s)"]
        params += (low[0], *low)
    if high is not None:
        conditions += ["c.spatial_key <= %s", "NOT (c.spatial_key = %s AND c.id > %s)"]
        params += (high[0], *high)
    return conditions, params


def _source(queryset: QuerySet[Camera], batch: Batch = WHOLE) -> tuple[str, tuple, str, tuple]:
    """(FROM clause, its params, WHERE clause, its params) selecting the cameras of `queryset`
    (those in `batch` only).

    A batch's capabilities and sources are looked up by its ids as an array: the planner then
    takes a few ids and reads the camera_id indexes, not the whole link tables once per batch
    (cameras of one batch are spread over the whole id range). The whole selection at once
    scans and hashes them instead.
    """
    ids_sql, params = _in_batch(queryset, batch).order_by().values("id").query.sql_with_params()
    conditions, bound_params = _bounds(batch)
    of_ids = f"IN ({ids_sql})" if batch == WHOLE else f"= ANY(ARRAY({ids_sql}))"
    return (
        _FROM.format(of_ids=of_ids),
        (*params, *params),
        " AND ".join([f"WHERE c.id IN ({ids_sql})", *conditions]),
        (*params, *bound_params),
    )


def feature_sql(
    queryset: QuerySet[Camera], fallback: str = "[]", batch: Batch = WHOLE
) -> tuple[str, tuple]:
    """One GeoJSON Feature per row as text, each prefixed with a comma, in spatial-key order.

    `fallback` is a JSON array of {"id", "tags"} for cameras whose tags Python wrote.
    """
    source, source_params, where, where_params = _source(queryset, batch)
    record = ", ".join(
        f"'\"{records.PREFIX}{f.name}\":' || "
        f"COALESCE({_RECORD_JSON.get(f.name, f'to_json({f.sql})::text')}, 'null')"
        for f in records.RECORD_FIELDS
    )
    tags = f"CASE WHEN fb.id IS NULL THEN {tags_members_sql()} ELSE {_inner('fb.tags')} END"
    sql = f"""SELECT ',{{"type":"Feature","id":' || to_json({records.FEATURE_ID_SQL})::text
  || ',"geometry":' || ST_AsGeoJSON(c.location)
  || ',"properties":{{' || concat_ws(',', {tags}, {record}) || '}}}}'
{source}
LEFT JOIN jsonb_to_recordset(%s::jsonb) AS fb(id bigint, tags jsonb) ON fb.id = c.id
{where}
ORDER BY c.spatial_key, c.id"""
    return sql, (*source_params, fallback, *where_params)


def csv_sql(queryset: QuerySet[Camera], batch: Batch = WHOLE) -> tuple[str, tuple]:
    source, source_params, where, where_params = _source(queryset, batch)
    columns = ", ".join(
        f'{safe_cell_sql(f.sql) if f.neutralise else f.sql} AS "{f.name}"'
        for f in records.CSV_FIELDS
    )
    sql = f"SELECT {columns}\n{source}\n{where}\nORDER BY c.spatial_key, c.id"
    return sql, (*source_params, *where_params)


@contextmanager
def consistent_read() -> Iterator[None]:
    """One read-only transaction seeing one state of the database (when outermost).

    SQLite needs nothing: a transaction there already reads one state.
    """
    db = read_connection()  # a replica when the request may read one
    outermost = not db.in_atomic_block
    with transaction.atomic(using=db.alias):
        if is_postgis(db.alias):
            with db.cursor() as cursor:
                if outermost:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                # JIT compiling these wide expressions costs more than it saves (2× slower).
                cursor.execute("SET LOCAL jit = off")
                # A batch's bounds and its id list look independent to the planner, so it
                # expects ~100 rows of the 20,000 and joins their capabilities by a nested
                # loop: 160 million comparisons, 8 s a batch at 5M cameras; hashed, 0.5 s.
                cursor.execute("SET LOCAL enable_nestloop = off")
        yield


# Single-column CSV with quote and delimiter characters JSON text never holds raw (PostgreSQL
# escapes control characters), so COPY writes each line's JSON text verbatim.
JSON_LINES = "FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'"


BLOCK_BYTES = 64 * 1024


def _copy(sql: str, params: tuple, options: str) -> Iterator[bytes]:
    statement = f"COPY ({sql}) TO STDOUT WITH ({options})"
    with read_connection().cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
        for block in copy:
            yield bytes(block)


def blocks_of(chunks: Iterator[bytes], size: int = BLOCK_BYTES) -> Iterator[bytes]:
    """The chunks joined into blocks of at least `size` bytes (the last may be shorter)."""
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        if len(buffer) >= size:
            yield bytes(buffer)
            buffer.clear()
    if buffer:
        yield bytes(buffer)


def batches(queryset: QuerySet[Camera]) -> Iterator[Batch]:
    """Consecutive (spatial_key, id) ranges of EXPORT_BATCH_CAMERAS cameras of `queryset` (at
    least one, maybe empty). Each bound is found by walking the spatial index, never by sorting
    the rest."""
    size = settings.EXPORT_BATCH_CAMERAS
    keys = queryset.order_by(*ORDER).values_list(*ORDER)
    low = None
    while True:
        bound = list(_in_batch(keys, (low, None))[size - 1 : size])
        if not bound:
            yield (low, None)
            return
        yield (low, bound[0])
        low = bound[0]


# Well below PostgreSQL's 65,535 parameters a statement, whatever EXPORT_BATCH_CAMERAS is.
_IDS_PER_QUERY = 10_000


def _python_tags(queryset: QuerySet[Camera], batch: Batch) -> str:
    """The tags of the cameras the SQL cannot write alone, rendered in Python, as JSON.

    Their ids (a few per batch) are fetched first: a cursor over `id IN (that query)` is planned
    for its first rows, walking the whole primary key, at random in a clustered table.
    """
    source, source_params, where, where_params = _source(queryset, batch)
    flagged = f"SELECT c.id {source} {where} AND {needs_python_sql()}"
    with read_connection().cursor() as cursor:
        cursor.execute(flagged, (*source_params, *where_params))
        ids = [row[0] for row in cursor.fetchall()]
    tags = []
    for start in range(0, len(ids), _IDS_PER_QUERY):
        cameras = Camera.objects.filter(id__in=ids[start : start + _IDS_PER_QUERY])
        tags += [{"id": c.pk, "tags": osm_tags_of(c)} for c in records.iterate(cameras)]
    return json.dumps(tags, ensure_ascii=False)


def _feature_lines(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    first = True
    for batch in batches(queryset):
        sql, params = feature_sql(queryset, _python_tags(queryset, batch), batch)
        for line in _copy(sql, params, JSON_LINES):
            if first:
                line, first = line[1:], False  # the first feature's leading comma
            yield line


def stream_geojson_lines(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    """The features of a FeatureCollection, comma-separated (no header or footer)."""
    with consistent_read():
        yield from blocks_of(_feature_lines(queryset))


def _csv_lines(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    header = "true"
    for batch in batches(queryset):
        sql, params = csv_sql(queryset, batch)
        yield from _copy(sql, params, f"FORMAT csv, HEADER {header}")
        header = "false"


def stream_csv(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    with consistent_read():
        yield from blocks_of(_csv_lines(queryset))
