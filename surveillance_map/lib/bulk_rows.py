"""Insert many new rows of a model from plain dicts: COPY on PostgreSQL, bulk_create elsewhere.

For loads of hundreds of thousands of rows (imports, generators): no model instance is built,
no value goes through Django's per-field preparation. A row is a dict keyed by column
attribute name (`camera_id`, not `camera`); a missing column takes the field's default, and
auto_now/auto_now_add fields the time of the call. JSON values are Python objects; a point is a
GEOS Point or a (lon, lat) pair. Callers validate their rows first: nothing here checks them.
"""

import json
from collections.abc import Callable, Sequence

from django.contrib.gis.db.models import PointField
from django.contrib.gis.geos import Point
from django.db import DEFAULT_DB_ALIAS, connections, models

from surveillance_map.lib.db import is_postgis


def insert_rows(model: type[models.Model], rows: Sequence[dict]) -> list[int]:
    """Insert `rows` as new rows of `model`; returns their new primary keys, in order."""
    if not rows:
        return []
    if not is_postgis():
        objects = model._base_manager.bulk_create(
            [model(**_with_defaults(model, row)) for row in rows], batch_size=2000
        )
        return [obj.pk for obj in objects]
    meta = model._meta
    columns = [f for f in meta.concrete_fields if f is not meta.pk]
    converters = [_converter(f) for f in columns]
    defaults = [_copy_default(model, f) for f in columns]
    names = ", ".join(f'"{f.column}"' for f in [meta.pk, *columns])
    db = connections[DEFAULT_DB_ALIAS]
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        plan = list(zip([f.attname for f in columns], converters, defaults, strict=True))
        with cursor.cursor.copy(f"COPY {meta.db_table} ({names}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row(
                    [pk]
                    + [
                        (convert(row[name]) if convert else row[name]) if name in row else default
                        for name, convert, default in plan
                    ]
                )
    return ids


def _converter(field: models.Field) -> Callable | None:
    if isinstance(field, models.JSONField):
        # One encoder for the whole load, what json.dumps(value, cls=…) writes: building one
        # per value cost as much as encoding a small one.
        encode = (field.encoder or json.JSONEncoder)(check_circular=False).encode
        return lambda value: None if value is None else encode(value)
    if isinstance(field, PointField):
        return _ewkt
    return None


def _ewkt(point) -> str:
    lon, lat = point if isinstance(point, tuple | list) else point.coords
    return f"SRID=4326;POINT({lon!r} {lat!r})"


def _copy_default(model, field: models.Field):
    """A missing column's value as COPY writes it (computed once per call)."""
    value = _default(model, field)
    convert = _converter(field)
    return convert(value) if convert and value is not None else value


def _default(model, field: models.Field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return field.pre_save(model(), True)
    return field.get_default()


def _with_defaults(model, row: dict) -> dict:
    row = dict(row)
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.attname not in row:
            row[field.attname] = _default(model, field)
        elif isinstance(field, PointField) and isinstance(row[field.attname], tuple | list):
            row[field.attname] = Point(*row[field.attname], srid=field.srid)
    return row
