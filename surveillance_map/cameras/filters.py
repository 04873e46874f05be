"""Camera filters shared by the API, the exports and the map.

`parse_camera_filters` turns query parameters (or command options) into keyword arguments and
raises `FilterError` naming the bad parameter; `apply_camera_filters` narrows a queryset with
them. A list parameter takes comma-separated values and matches any of them.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from django.contrib.gis.geos import GEOSGeometry, Polygon
from django.db.models import Q, QuerySet

from surveillance_map.cameras.models import CameraCapability
from surveillance_map.cameras.vocabularies import (
    CAPABILITIES,
    LINKS,
    Basis,
    CameraType,
    Mount,
    OperatorType,
    Status,
    SurveillanceType,
    Zone,
)

Bbox = tuple[float, float, float, float]


class FilterError(ValueError):
    """A filter parameter that cannot be used; `param` names it for the error response."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


def parse_bbox(text: str) -> Bbox:
    """(west, south, east, north) from "W,S,E,N" in degrees; raises ValueError."""
    parts = text.split(",")
    if len(parts) != 4:
        raise ValueError("expected four numbers W,S,E,N")
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise ValueError("expected four numbers W,S,E,N") from None
    if not all(-180 <= x <= 180 for x in (west, east)) or not all(
        -90 <= y <= 90 for y in (south, north)
    ):
        raise ValueError("longitudes must be within -180..180 and latitudes within -90..90")
    if west >= east or south >= north:
        raise ValueError("west must be less than east and south less than north")
    return west, south, east, north


def _choices(allowed: list[str]) -> Callable[[str], list[str]]:

    def parse(text: str) -> list[str]:
        values = [v.strip() for v in text.split(",") if v.strip()]
        if not values:
            raise ValueError("empty")
        if unknown := [v for v in values if v not in allowed]:
            raise ValueError(f"unknown value {unknown[0]!r}; expected one of {', '.join(allowed)}")
        return values

    return parse


def _slugs(text: str) -> list[str]:
    values = [v.strip() for v in text.split(",") if v.strip()]
    if not values or not all(re.fullmatch(r"[-\w]+", v) for v in values):
        raise ValueError("expected one or more slugs, e.g. hikvision,axis")
    return values


def _slug(text: str) -> str:
    values = _slugs(text)
    if len(values) != 1:
        raise ValueError("expected a single slug")
    return values[0]


def _countries(text: str) -> list[str]:
    values = [v.strip().upper() for v in text.split(",") if v.strip()]
    if not values or not all(re.fullmatch(r"[A-Z]{2}", v) for v in values):
        raise ValueError("expected ISO 3166-1 alpha-2 codes, e.g. CN,US")
    return values


def _years(text: str) -> list[int]:
    values = [v.strip() for v in text.split(",") if v.strip()]
    if not values or not all(re.fullmatch(r"\d{4}", v) for v in values):
        raise ValueError("expected one or more years, e.g. 2019,2020")
    return [int(v) for v in values]


# What `missing=` can ask for: cameras with no value there (the reports' "not recorded" rows).
MISSING = {
    "operator": Q(operator__isnull=True),
    "operator_type": Q(operator__isnull=True) | Q(operator__operator_type=OperatorType.UNKNOWN),
    "vendor": Q(vendor__isnull=True),
    "vendor_country": Q(vendor__isnull=False, vendor__country_of_origin=""),
    "program": Q(program__isnull=True),
    "surveillance_type": Q(surveillance_type=""),
    "zone": Q(zone=""),
    "first_seen": Q(first_seen__isnull=True),
    "country": Q(country=""),
}


def _date(text: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise ValueError("expected a date YYYY-MM-DD")
    return date.fromisoformat(text.strip())


@dataclass(frozen=True)
class FilterParam:
    name: str
    parse: Callable[[str], object]
    description: str


def _any_of(values) -> str:
    return "Any of: " + ", ".join(values)


FILTER_PARAMS = (
    FilterParam("surveillance_type", _choices(SurveillanceType.values), _any_of(SurveillanceType)),
    FilterParam("camera_type", _choices(CameraType.values), _any_of(CameraType)),
    FilterParam("capability", _choices(list(CAPABILITIES)), "Has " + _any_of(CAPABILITIES).lower()),
    FilterParam("operator_type", _choices(OperatorType.values), _any_of(OperatorType)),
    FilterParam("mount", _choices(Mount.values), _any_of(Mount)),
    FilterParam("zone", _choices(Zone.values), _any_of(Zone)),
    FilterParam("operator", _slugs, "Operator slug(s), comma-separated."),
    FilterParam("vendor", _slugs, "Vendor slug(s), comma-separated."),
    FilterParam("vendor_country", _countries, "Vendor's country of origin (ISO codes)."),
    FilterParam("program", _slugs, "Program slug(s), comma-separated."),
    FilterParam("status", _choices(Status.values), _any_of(Status)),
    FilterParam(
        "basis",
        _choices(Basis.values),
        "Claims resting on " + _any_of(Basis).lower() + ". With capability, operator, "
        "operator_type, vendor, vendor_country or program, those claims must rest on one of "
        "them; alone, any capability, operator, vendor or program claim of the camera.",
    ),
    FilterParam(
        "any_basis",
        _choices(Basis.values),
        "Some claim of the camera (a capability, its operator, vendor or program) rests on "
        + _any_of(Basis).lower()
        + ", whatever the other filters name.",
    ),
    *(
        FilterParam(
            f"{claim}_basis",
            _choices(Basis.values),
            f"The {claim} claim rests on " + _any_of(Basis).lower() + " (overrides basis).",
        )
        for claim in ("capability", *LINKS)
    ),
    FilterParam("country", _countries, "Country the camera stands in (ISO codes, gazetteer)."),
    FilterParam("first_seen_year", _years, "Year(s) first seen, comma-separated."),
    FilterParam(
        "missing",
        _choices(list(MISSING)),
        "Nothing recorded for " + _any_of(MISSING).lower() + " (all of those given).",
    ),
    FilterParam("verified_since", _date, "Last verified on or after this date (YYYY-MM-DD)."),
    FilterParam("bbox", parse_bbox, "Bounding box W,S,E,N in degrees (WGS84)."),
    FilterParam("area", _slug, "Slug of an area; cameras inside its boundary."),
)


def parse_camera_filters(params: Mapping[str, str]) -> dict:
    """Keyword arguments for apply_camera_filters from query parameters; other keys ignored."""
    filters = {}
    for param in FILTER_PARAMS:
        raw = params.get(param.name)
        if raw is None or raw == "":
            continue
        try:
            filters[param.name] = param.parse(raw)
        except ValueError as error:
            raise FilterError(param.name, str(error) or "invalid value") from None
    return filters


def _any_claim(bases: list[str]) -> Q:
    """Cameras with some capability, operator, vendor or program claim resting on `bases`."""
    claims = CameraCapability.objects.filter(basis__in=bases).values("camera_id")
    condition = Q(id__in=claims)
    for name in LINKS:
        condition |= Q(**{f"{name}_basis__in": bases})
    return condition


def apply_camera_filters(
    queryset: QuerySet,
    *,
    surveillance_type: list[str] | None = None,
    camera_type: list[str] | None = None,
    capability: list[str] | None = None,
    operator_type: list[str] | None = None,
    mount: list[str] | None = None,
    zone: list[str] | None = None,
    operator: list[str] | None = None,
    vendor: list[str] | None = None,
    vendor_country: list[str] | None = None,
    program: list[str] | None = None,
    status: list[str] | None = None,
    basis: list[str] | None = None,
    any_basis: list[str] | None = None,
    capability_basis: list[str] | None = None,
    operator_basis: list[str] | None = None,
    vendor_basis: list[str] | None = None,
    program_basis: list[str] | None = None,
    country: list[str] | None = None,
    first_seen_year: list[int] | None = None,
    missing: list[str] | None = None,
    verified_since: date | None = None,
    bbox: Bbox | None = None,
    area: GEOSGeometry | None = None,
) -> QuerySet:
    """Narrow a Camera queryset. `area` is a boundary (`areas.filters` resolves slugs)."""
    lookups = {
        "surveillance_type__in": surveillance_type,
        "camera_type__in": camera_type,
        "mount__in": mount,
        "zone__in": zone,
        "operator__slug__in": operator,
        "operator__operator_type__in": operator_type,
        "vendor__slug__in": vendor,
        "vendor__country_of_origin__in": vendor_country,
        "program__slug__in": program,
        "status__in": status,
        "country__in": country,
        "first_seen__year__in": first_seen_year,
        "last_verified__gte": verified_since,
    }
    queryset = queryset.filter(**{k: v for k, v in lookups.items() if v is not None})
    for name in missing or ():
        queryset = queryset.filter(MISSING[name])
    named = {
        "operator": (operator or operator_type, operator_basis),
        "vendor": (vendor or vendor_country, vendor_basis),
        "program": (program, program_basis),
    }
    for name, (given, own) in named.items():
        if own or (basis and given):
            queryset = queryset.filter(**{f"{name}_basis__in": own or basis})
    if basis and not capability and not any(given for given, _ in named.values()):
        queryset = queryset.filter(_any_claim(basis))
    if any_basis:
        queryset = queryset.filter(_any_claim(any_basis))
    if capability:
        # A subquery, not a join, so a camera with two matching capabilities appears once.
        claims = CameraCapability.objects.filter(capability__code__in=capability)
        if capability_basis or basis:
            claims = claims.filter(basis__in=capability_basis or basis)
        queryset = queryset.filter(id__in=claims.values("camera_id"))
    elif capability_basis:
        claims = CameraCapability.objects.filter(basis__in=capability_basis)
        queryset = queryset.filter(id__in=claims.values("camera_id"))
    if bbox is not None:
        queryset = queryset.filter(location__intersects=Polygon.from_bbox(bbox))
    if area is not None:
        queryset = queryset.filter(location__intersects=area)
    return queryset
