"""What every export writes about a camera, in Python: feature ids, our fields, CSV columns.

The PostGIS path (`postgis.py`) builds the same values in SQL; a test holds the two equal.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from surveillance_map.cameras.filters import apply_camera_filters
from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.selectors import camera_list
from surveillance_map.cameras.vocabularies import Basis
from surveillance_map.transparency.models import Operator

CHUNK_SIZE = 2000
# Properties of a GeoJSON feature that describe our record rather than OSM tags; the importer
# skips this prefix (readers.EXPORT_PREFIX), so a round trip brings back the tags alone.
PREFIX = "sm:"


def export_queryset(*, filters: dict, include_synthetic: bool = False) -> QuerySet[Camera]:
    """The cameras an export writes, in spatial-key order, then id (neighbours together; the
    table's own order once clustered, and the same for every format)."""
    cameras = camera_list(include_synthetic=include_synthetic)
    return apply_camera_filters(cameras, **filters).order_by("spatial_key", "id")


def _node_siblings_before() -> Coalesce:
    """How many cameras of the same OSM node have a lower id (0 for the node's first)."""
    earlier = Camera.objects.filter(osm_id=OuterRef("osm_id"), pk__lt=OuterRef("pk"))
    count = earlier.order_by().values("osm_id").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def iterate(queryset: QuerySet[Camera]) -> Iterator[Camera]:
    """Cameras with everything an export reads, fetched in chunks (memory stays flat)."""
    return (
        queryset.select_related("operator", "vendor", "program")
        .prefetch_related(
            "capabilities", "cameracapability_set__capability", "source_records__source"
        )
        .annotate(node_siblings_before=_node_siblings_before())
        .iterator(chunk_size=CHUNK_SIZE)
    )


def feature_id(camera: Camera) -> str:
    """A stable id: `node/<osm id>` (with `#n` for the n-th camera of a node), else our id."""
    if camera.osm_id is None:
        return f"camera/{camera.pk}"
    before = getattr(camera, "node_siblings_before", None)
    if before is None:  # not fetched through iterate()
        before = Camera.objects.filter(osm_id=camera.osm_id, pk__lt=camera.pk).count()
    return f"node/{camera.osm_id}" + (f"#{before + 1}" if before else "")


# The same id in SQL; cameras sharing an OSM node are numbered by id, as the importer made them.
FEATURE_ID_SQL = """CASE WHEN c.osm_id IS NULL THEN 'camera/' || c.id ELSE 'node/' || c.osm_id
 || COALESCE((SELECT '#' || (count(*) + 1) FROM cameras_camera s
   WHERE s.osm_id = c.osm_id AND s.id < c.id HAVING count(*) > 0), '') END"""


def capability_codes(camera: Camera) -> str | None:
    return ";".join(sorted(c.code for c in camera.capabilities.all())) or None


def capability_bases(camera: Camera) -> str | None:
    claims = sorted((c.capability.code, c.basis) for c in camera.cameracapability_set.all())
    return ";".join(f"{code}:{basis}" for code, basis in claims) or None


# Cameras no imported source reported were added here (sightings, moderators): our own data.
OWN_SOURCE, OWN_LICENCE = "Surveillance Map contributors", "ODbL-1.0"


def _sources(camera: Camera, attr: str) -> str | None:
    values = sorted({getattr(r.source, attr) for r in camera.source_records.all()} - {""})
    return ";".join(values) or None


def source_names(camera: Camera) -> str:
    return _sources(camera, "name") or OWN_SOURCE


def source_licences(camera: Camera) -> str:
    return _sources(camera, "licence") or OWN_LICENCE


BASIS_TEXT = (
    "What the claim rests on: "
    + "; ".join(
        f"{value} ({label})"
        for value, label in (
            (
                Basis.DOCUMENTED,
                "an Evidence record: register, contract, statement, news, reviewed photo",
            ),
            (Basis.TAGGED, "an imported source's tags"),
            (Basis.INFERRED, "an attribution of many cameras citing one Evidence record"),
            (Basis.REPORTED, "a sighting said so; nobody has checked it"),
        )
    )
    + "."
)


def _name(obj) -> str | None:
    return obj.name if obj is not None else None


@dataclass(frozen=True)
class Field:
    """One of our fields as written to CSV columns and `sm:` GeoJSON properties."""

    name: str
    description: str
    sql: str  # over aliases c (camera), op, v, p and caps (see postgis.py)
    value: Any  # Camera -> value
    # Text a spreadsheet could take for a formula gets a leading ' in CSV (lib/csvcells.py);
    # numbers never (-0.1 stays a number), nor the ids we write (node/…, camera/…).
    neutralise: bool = True


def _optional(attr: str):
    def value(camera: Camera):
        v = getattr(camera, attr)
        return None if v == "" else v

    return value


def _described(model, attr: str, description: str = "") -> str:
    """The model's own help text (or the given words), and its vocabulary if it has one."""
    field = model._meta.get_field(attr)
    text = description or str(field.help_text) or f"{str(field.verbose_name).capitalize()}."
    if field.choices:
        text += " One of: " + ", ".join(value for value, _ in field.choices) + "."
    return text


_NUMBERS = (models.IntegerField, models.FloatField)


def _plain(attr: str, description: str = "") -> Field:
    number = isinstance(Camera._meta.get_field(attr), _NUMBERS)
    return Field(
        attr,
        _described(Camera, attr, description),
        f"NULLIF(c.{attr}::text, '')",
        _optional(attr),
        neutralise=not number,
    )


def source_refs(camera: Camera) -> str | None:
    records = sorted(camera.source_records.all(), key=lambda r: r.pk)
    return ";".join(f"{r.source.slug}:{r.ref}" for r in records) or None


SOURCES = Field(
    "sources",
    "Every source that reports the camera, as source:record-id, ';'-separated (one camera "
    "can come from several: see README, one camera, several sources).",
    "(SELECT string_agg(s.slug || ':' || r.ref, ';' ORDER BY r.id) FROM imports_sourcerecord r"
    " JOIN imports_source s ON s.id = r.source_id WHERE r.camera_id = c.id)",
    source_refs,
)

# Our record beside the OSM tags in GeoJSON (as sm:<name>).
RECORD_FIELDS = (
    Field("id", "Our camera id.", "c.id", lambda c: c.pk),
    Field("status", _described(Camera, "status"), "c.status", lambda c: c.status),
    Field(
        "capabilities",
        "Capability codes, ';'-separated.",
        "caps.codes",
        capability_codes,
    ),
    Field("operator", "Operator's name.", "op.name", lambda c: _name(c.operator)),
    Field("vendor", "Vendor's name.", "v.name", lambda c: _name(c.vendor)),
    Field(
        "vendor_country",
        "Vendor's country of origin (ISO 3166-1 alpha-2).",
        "NULLIF(v.country_of_origin, '')",
        lambda c: (c.vendor.country_of_origin or None) if c.vendor else None,
    ),
    Field("program", "Program's name.", "p.name", lambda c: _name(c.program)),
    Field(
        "capability_basis",
        "Each capability with its basis, code:basis, ';'-separated. " + BASIS_TEXT,
        "caps.bases",
        capability_bases,
    ),
    *(
        Field(
            f"{link}_basis",
            f"Basis of the {link} link. " + BASIS_TEXT,
            f"NULLIF(c.{link}_basis, '')",
            _optional(f"{link}_basis"),
        )
        for link in ("operator", "vendor", "program")
    ),
    Field(
        "source",
        "Datasets that reported the camera (';'-separated); "
        f"'{OWN_SOURCE}' for cameras added here.",
        f"COALESCE(src.names, '{OWN_SOURCE}')",
        source_names,
    ),
    Field(
        "licence",
        "Licence of each of those datasets (SPDX-style ids, ';'-separated): keep or drop "
        "rows by licence.",
        f"COALESCE(src.licences, '{OWN_LICENCE}')",
        source_licences,
    ),
    SOURCES,
)


# CSV columns, one row per camera.
CSV_FIELDS = (
    Field("id", "Our camera id.", "c.id", lambda c: c.pk, neutralise=False),
    Field(
        "ref",
        "Stable id: node/<osm id>[#n] or camera/<id>.",
        FEATURE_ID_SQL,
        feature_id,
        neutralise=False,
    ),
    Field("lon", "Longitude (WGS84).", "ST_X(c.location)", lambda c: c.location.x, False),
    Field("lat", "Latitude (WGS84).", "ST_Y(c.location)", lambda c: c.location.y, False),
    _plain("name"),
    _plain("surveillance_type"),
    _plain("camera_type"),
    _plain("mount", "What the camera is mounted on."),
    _plain("zone", "What the camera watches."),
    _plain("placement"),
    _plain("direction", "Viewing direction in degrees (0 = north, clockwise)."),
    _plain("direction_from", "Start of a clockwise range of directions."),
    _plain("direction_to", "End of that range."),
    _plain("angle_of_view", "Horizontal angle of view in degrees."),
    _plain("tilt"),
    _plain("height"),
    Field("operator", "Operator's name.", "op.name", lambda c: _name(c.operator)),
    Field(
        "operator_type",
        _described(Operator, "operator_type", "Operator's type."),
        "op.operator_type",
        lambda c: c.operator.operator_type if c.operator else None,
    ),
    Field("vendor", "Vendor's name.", "v.name", lambda c: _name(c.vendor)),
    RECORD_FIELDS[5],
    _plain("manufacturer"),
    _plain("brand"),
    _plain("model"),
    Field("program", "Program's name.", "p.name", lambda c: _name(c.program)),
    RECORD_FIELDS[2],
    *RECORD_FIELDS[7:],
    Field("status", _described(Camera, "status"), "c.status", lambda c: c.status),
    _plain("first_seen", "First seen (YYYY-MM-DD)."),
    _plain("last_verified", "Last verified (YYYY-MM-DD)."),
    Field("osm_id", "OpenStreetMap node id.", "c.osm_id", lambda c: c.osm_id, neutralise=False),
    Field(
        "updated_at",
        "Day of the last change of the record (UTC, YYYY-MM-DD): only the day, so that no "
        "contribution can be timed.",
        "to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        lambda c: c.updated_at.astimezone(UTC).date().isoformat(),
    ),
    SOURCES,
)


def record_properties(camera: Camera) -> dict:
    return {PREFIX + f.name: f.value(camera) for f in RECORD_FIELDS}
