"""Create many cameras at once (imports, the generator), each with its creating Revision.

The same checks and derived values as `services.camera_create` (each field's own validation,
foreign keys; the gazetteer's country and place, the spatial key, the capability codes, link
bases), but rows go to the database as plain dicts
(lib/bulk_rows.py): building and cleaning a model instance per camera cost more than the
database spends storing it. Database constraints are left to the database.
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from surveillance_map.cameras.models import STATE_FIELDS, Camera, CameraCapability, Revision
from surveillance_map.cameras.services import CameraWrite, capability_ids, check_fields, codes_text
from surveillance_map.cameras.spatial import spatial_key
from surveillance_map.cameras.vocabularies import LINKS, Basis
from surveillance_map.lib.bulk_rows import insert_rows
from surveillance_map.lib.gazetteer import nearest_places

# Every column a write may set, with the field that checks it; foreign keys are checked once
# per distinct id (_check_references), the location by its reader and the database.
_FIELDS = {
    f.attname: f
    for f in Camera._meta.concrete_fields
    if not f.primary_key and f.name != "location" and not f.many_to_one
}
_REFERENCES = {f.attname: f for f in Camera._meta.concrete_fields if f.many_to_one}
_REQUIRED = frozenset(name for name, f in _FIELDS.items() if not f.blank)


@transaction.atomic
def cameras_create_bulk(
    *,
    writes: Sequence[CameraWrite],
    actor_label: str,
    reason: str = "",
    basis: str = Basis.TAGGED,
) -> list[int]:
    """Create the cameras with their claims and revisions; returns their ids, in order.

    Every claim takes `basis` (an import's: `tagged`). An invalid value raises
    ValidationError and nothing is written.
    """
    cleaned: dict = {}
    rows = [_row(write, basis, cleaned) for write in writes]
    _check_references(rows)
    places = nearest_places([row["location"] for row in rows])
    for row, place, write in zip(rows, places, writes, strict=True):
        row["country"], row["place"] = place.country, place.name
        row["spatial_key"] = spatial_key(*row["location"])
        row["capability_codes"] = codes_text(write.capabilities)
    ids = insert_rows(Camera, rows)
    codes = capability_ids({code for write in writes for code in write.capabilities})
    insert_rows(
        CameraCapability,
        [
            {"camera_id": pk, "capability_id": codes[code], "basis": basis, "evidence": []}
            for pk, write in zip(ids, writes, strict=True)
            for code in sorted(set(write.capabilities))
        ],
    )
    insert_rows(
        Revision,
        [
            {
                "camera_id": pk,
                "action": Revision.Action.CREATE,
                "after": _state(row, write.capabilities, basis),
                "actor_label": actor_label,
                "reason": reason,
            }
            for pk, row, write in zip(ids, rows, writes, strict=True)
        ],
    )
    return ids


def _row(write: CameraWrite, basis: str, cleaned: dict) -> dict:
    """A write's fields as a cleaned row keyed by column; raises ValidationError.

    Blank values are taken as they are where a field allows them; the others are cleaned
    once per distinct (field, value) and remembered in `cleaned`: an import repeats the same
    vocabulary values hundreds of thousands of times, and most of a write's fields are blank.
    """
    check_fields(write.fields)
    row = dict(write.fields)
    for link in LINKS:
        if link in row:
            value = row.pop(link)
            row[f"{link}_id"] = getattr(value, "pk", value)
    errors = {}
    for name in [n for n, v in row.items() if n in _REQUIRED or (v is not None and v != "")]:
        value, field = row[name], _FIELDS.get(name)
        if field is None or (field.blank and value in field.empty_values):
            continue  # foreign keys and the location are checked below
        key = (name, type(value), value) if isinstance(value, str | int | float) else None
        if key in cleaned:
            row[name] = cleaned[key]
            continue
        try:
            row[name] = field.clean(value, None)
        except ValidationError as error:
            errors[field.name] = error.messages
            continue
        if key is not None:
            cleaned[key] = row[name]
    if errors:
        raise ValidationError(errors)
    row["location"] = _lonlat(row["location"])
    for link in LINKS:
        if f"{link}_basis" not in row:
            row[f"{link}_basis"] = basis if row.get(f"{link}_id") else ""
    row.setdefault("claim_evidence", {})
    return row


def _check_references(rows: list[dict]) -> None:
    """What full_clean checks for each foreign key, one query per key instead of per row."""
    for attname, key in _REFERENCES.items():
        ids = {row.get(attname) for row in rows} - {None}
        found = set(key.related_model._base_manager.filter(pk__in=ids).values_list("pk", flat=True))
        for missing in sorted(ids - found):
            message = key.error_messages["invalid"] % {
                "model": key.related_model._meta.verbose_name,
                "pk": missing,
                "field": key.remote_field.field_name,
                "value": missing,
            }
            raise ValidationError({key.name: message})


def _lonlat(location) -> tuple[float, float]:
    return tuple(location) if isinstance(location, tuple | list) else location.coords[:2]


# What a missing state field holds in a new camera's state (its default, as JSON).
_STATE_DEFAULTS = {name: Camera._meta.get_field(name).get_default() for name in STATE_FIELDS}
_DATES = frozenset(
    n
    for n in STATE_FIELDS
    if Camera._meta.get_field(n).get_internal_type() in ("DateField", "DateTimeField")
)


def _state(row: dict, capabilities, basis: str) -> dict:
    """The new camera's state as `services.camera_state` gives it (held equal by a test)."""
    state = {name: row.get(name, default) for name, default in _STATE_DEFAULTS.items()}
    for name in _DATES:
        if state[name] is not None:
            state[name] = state[name].isoformat()
    lon, lat = row["location"]
    state["location"] = [round(lon, 7), round(lat, 7)]
    codes = sorted(set(capabilities))
    state["capabilities"] = codes
    state["capability_basis"] = dict.fromkeys(codes, basis)
    state["capability_evidence"] = {}
    return state
