"""Writes for areas: importing boundaries from GeoJSON."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.geos import (
    GeometryCollection,
    GEOSException,
    GEOSGeometry,
    MultiPolygon,
    Polygon,
)
from django.db import transaction
from django.utils.text import slugify

from surveillance_map.areas.models import Area

WORLD = Polygon.from_bbox((-180, -90, 180, 90))


class AreaFileError(ValueError):
    """The file as a whole cannot be read (not JSON, not a FeatureCollection)."""


@dataclass
class AreaImport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (index, name, reason)


def _features(path: Path) -> list[dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AreaFileError(f"{path}: cannot read GeoJSON ({error})") from None
    if not isinstance(data, dict) or data.get("type") not in ("FeatureCollection", "Feature"):
        raise AreaFileError(f"{path}: expected a GeoJSON FeatureCollection or Feature")
    features = data["features"] if data["type"] == "FeatureCollection" else [data]
    if not isinstance(features, list):
        raise AreaFileError(f"{path}: `features` is not a list")
    return features


def _polygons(geometry: GEOSGeometry) -> list[Polygon]:
    """The polygons inside what make_valid returns (which may mix in lines or points)."""
    if isinstance(geometry, Polygon):
        return [geometry]
    if isinstance(geometry, GeometryCollection):  # MultiPolygon is one too
        return [part for child in geometry for part in _polygons(child)]
    return []


def boundary(raw) -> tuple[MultiPolygon, bool]:
    """A valid MultiPolygon from a GeoJSON geometry and whether it had to be repaired.

    Raises ValueError with the reason when it is not a usable (Multi)Polygon.
    """
    if not isinstance(raw, dict) or raw.get("type") not in ("Polygon", "MultiPolygon"):
        kind = raw.get("type") if isinstance(raw, dict) else None
        raise ValueError(f"geometry is {kind or 'missing'}, expected Polygon or MultiPolygon")
    try:
        geometry = GEOSGeometry(json.dumps(raw), srid=4326)
    except (GEOSException, ValueError) as error:
        raise ValueError(f"unreadable geometry ({error})") from None
    if geometry.empty:
        raise ValueError("empty geometry")
    if not WORLD.covers(geometry):
        raise ValueError("coordinates outside -180..180 / -90..90 (is it in WGS84 lon/lat?)")
    repaired = False
    if not geometry.valid:
        reason = geometry.valid_reason
        geometry = geometry.make_valid()
        repaired = True
        parts = [p for p in _polygons(geometry) if p.area > 0]
        if not parts:
            raise ValueError(f"invalid geometry that cannot be repaired ({reason})")
        geometry = MultiPolygon(parts, srid=4326)
    if isinstance(geometry, Polygon):
        geometry = MultiPolygon([geometry], srid=4326)
    return geometry, repaired


@transaction.atomic
def import_areas(
    *, path: Path, name_field: str = "name", kind: str = Area.Kind.CITY, country: str = ""
) -> AreaImport:
    """Create or update one Area per feature, keyed on the slug of its name (idempotent).

    Optional properties: `slug`, `kind`, `country`, `description`. A feature without a name or
    with an unusable geometry is rejected with its reason; the others are still imported.
    """
    if kind not in Area.Kind.values:
        raise AreaFileError(f"unknown kind {kind!r}; expected one of {', '.join(Area.Kind)}")
    result = AreaImport()
    for index, feature in enumerate(_features(path)):
        properties = (feature.get("properties") if isinstance(feature, dict) else None) or {}
        name = str(properties.get(name_field) or "").strip()
        if not name:
            result.rejected.append((index, "", f"no `{name_field}` property"))
            continue
        try:
            geometry, repaired = boundary(feature.get("geometry"))
        except ValueError as error:
            result.rejected.append((index, name, str(error)))
            continue
        feature_kind = properties.get("kind") or kind
        if feature_kind not in Area.Kind.values:
            result.rejected.append((index, name, f"unknown kind {feature_kind!r}"))
            continue
        slug = slugify(str(properties.get("slug") or name))[:200]
        if not slug:
            result.rejected.append((index, name, "the name gives no usable slug"))
            continue
        _, created = Area.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name[:200],
                "kind": feature_kind,
                "country": str(properties.get("country") or country).upper()[:2],
                "description": str(properties.get("description") or ""),
                "geometry": geometry,
            },
        )
        (result.created if created else result.updated).append(slug)
        if repaired:
            result.repaired.append(slug)
    return result
