"""Area reports: totals, density and breakdowns of the cameras inside an area's boundary.

The cameras are exactly those the API lists for `?area=<slug>` (the shared camera filters on
real data), so every number can be checked against the API: `Row.params` are the API filter
parameters that select the same cameras as a row.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _

from surveillance_map.areas.models import Area
from surveillance_map.cameras.filters import apply_camera_filters
from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.selectors import camera_list
from surveillance_map.cameras.vocabularies import (
    CAPABILITIES,
    OperatorType,
    Status,
    SurveillanceType,
    Zone,
)
from surveillance_map.transparency.countries import country_name

# Cameras still in place: what densities and breakdowns count (removed ones only under Status).
IN_PLACE = [Status.ACTIVE.value, Status.UNKNOWN.value]
# An equal-area projection (EASE-Grid 2.0 global) for areas where PostGIS geography is absent.
EQUAL_AREA_SRID = 6933


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    share: float  # of the breakdown's base, 0..1
    params: dict = field(default_factory=dict)  # API filters selecting these cameras; {} if none
    url: str = ""  # a page about this row (a vendor, a program), if any
    known: bool = True  # False for "not recorded" rows, listed last


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    rows: list[Row]
    base: int
    note: str = ""


def area_km2(area: Area) -> float:
    """The area's surface in km²: on the WGS84 ellipsoid on PostGIS, equal-area elsewhere."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ST_Area(geometry::geography) FROM areas_area WHERE id = %s", [area.pk]
            )
            return cursor.fetchone()[0] / 1e6
    geometry = GEOSGeometry(area.geometry.wkb, srid=4326)
    return geometry.transform(EQUAL_AREA_SRID, clone=True).area / 1e6


def area_cameras(area: Area) -> QuerySet[Camera]:
    """The area's cameras, every status: the API's `?area=<slug>`."""
    return apply_camera_filters(camera_list(), area=area.slug)


def unknown(label: str, count: int) -> tuple:
    """A "not recorded" entry for rows_of()."""
    return (label, count, {}, "", False)


def rows_of(counts: list[tuple], base: int) -> list[Row]:
    """Rows from (label, count, params, url[, known]) by count, largest first; unknowns last."""
    rows = [Row(c[0], c[1], c[1] / base if base else 0.0, *c[2:]) for c in counts]
    return sorted(rows, key=lambda r: (not r.known, -r.count, r.label))


def _by_choice(cameras, field_name: str, choices, param: str, base: int) -> list[Row]:
    labels = dict(choices)
    counts = cameras.values_list(field_name).annotate(n=Count("id")).order_by()
    return rows_of(
        [
            (str(labels.get(value, value)), n, {param: value} if param else {}, "")
            if value
            else unknown(_("Not recorded"), n)
            for value, n in counts
        ],
        base,
    )


def _vendor_rows(cameras, base: int) -> tuple[list[Row], list[Row]]:
    vendors, countries = [], {}
    rows = (
        cameras.values_list("vendor__slug", "vendor__name", "vendor__country_of_origin")
        .annotate(n=Count("id"))
        .order_by()
    )
    for slug, name, country, n in rows:
        if slug is None:
            vendors.append(unknown(_("Vendor not recorded"), n))
            countries[None] = countries.get(None, 0) + n
            continue
        vendors.append((name, n, {"vendor": slug}, reverse("transparency:vendor", args=(slug,))))
        countries[country] = countries.get(country, 0) + n
    country_rows = []
    for code, n in countries.items():
        if code is None:
            country_rows.append(unknown(_("Vendor not recorded"), n))
        elif code == "":
            country_rows.append(unknown(_("Vendor's country not recorded"), n))
        else:
            url = reverse("transparency:vendors") + f"?country={code}"
            country_rows.append(
                (f"{country_name(code)} ({code})", n, {"vendor_country": code}, url)
            )
    return rows_of(vendors, base), rows_of(country_rows, base)


def _operator_rows(cameras, base: int) -> tuple[list[Row], list[Row]]:
    operators, types = [], {}
    rows = (
        cameras.values_list("operator__slug", "operator__name", "operator__operator_type")
        .annotate(n=Count("id"))
        .order_by()
    )
    labels = dict(OperatorType.choices)
    for _slug, name, operator_type, n in rows:
        operators.append((name, n, {}, "") if name else unknown(_("Operator not recorded"), n))
        types[operator_type] = types.get(operator_type, 0) + n
    type_rows = [
        (str(labels[t]), n, {"operator_type": t}, "")
        if t
        else unknown(_("Operator not recorded"), n)
        for t, n in types.items()
    ]
    return rows_of(operators, base), rows_of(type_rows, base)


def _capability_rows(cameras, base: int) -> list[Row]:
    through = Camera.capabilities.through
    counts = (
        through.objects.filter(camera__in=cameras.values("id"))
        .values_list("capability__code")
        .annotate(n=Count("camera_id", distinct=True))
        .order_by()
    )
    return rows_of(
        [(_(CAPABILITIES.get(code, code)), n, {"capability": code}, "") for code, n in counts],
        base,
    )


def _year_rows(cameras, base: int) -> list[Row]:
    counts = dict(
        cameras.annotate(year=ExtractYear("first_seen"))
        .values_list("year")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = [Row(str(y), counts[y], counts[y] / base) for y in sorted(y for y in counts if y)]
    if None in counts:
        rows.append(Row(_("Not recorded"), counts[None], counts[None] / base, known=False))
    return rows


def area_sources(cameras) -> dict:
    """Where the area's numbers come from: the camera data sources (with how many cameras each
    reported) and the evidence behind the vendors present, low-confidence items included."""
    from surveillance_map.imports.models import Source
    from surveillance_map.transparency.models import Vendor

    data = Source.objects.filter(records__camera__in=cameras.values("id")).annotate(
        cameras=Count("records__camera", distinct=True)
    )
    vendors = Vendor.objects.filter(pk__in=cameras.exclude(vendor=None).values("vendor_id"))
    return {
        "data": list(data.order_by("name")),
        "vendors": list(vendors.prefetch_related("evidence").order_by("name")),
    }


def two_years_before(day: date) -> date:
    return day.replace(year=day.year - 2, day=28 if (day.month, day.day) == (2, 29) else day.day)


def area_report(*, area: Area, today: date) -> dict:
    """Everything the report page shows; numbers only, no markup."""
    everything = area_cameras(area)
    by_status = dict(everything.values_list("status").annotate(n=Count("id")).order_by())
    total = sum(by_status.values())
    cameras = everything.filter(status__in=IN_PLACE)
    in_place = sum(by_status.get(s, 0) for s in IN_PLACE)
    km2 = area_km2(area)
    since = two_years_before(today)
    verified = cameras.filter(last_verified__gte=since).count()
    vendors, vendor_countries = _vendor_rows(cameras, in_place)
    operators, operator_types = _operator_rows(cameras, in_place)
    status_labels = dict(Status.choices)
    breakdowns = [
        Breakdown(
            "surveillance_type",
            _("What it is"),
            _by_choice(
                cameras,
                "surveillance_type",
                SurveillanceType.choices,
                "surveillance_type",
                in_place,
            ),
            in_place,
        ),
        Breakdown("vendor_country", _("Vendor's country of origin"), vendor_countries, in_place),
        Breakdown("vendor", _("Vendor"), vendors, in_place),
        Breakdown(
            "capability",
            _("Capabilities"),
            _capability_rows(cameras, in_place),
            in_place,
            _("A camera can have several capabilities, so shares can add up to more than 100%."),
        ),
        Breakdown("operator_type", _("Operator type"), operator_types, in_place),
        Breakdown("operator", _("Operator"), operators, in_place),
        Breakdown(
            "zone", _("Zone"), _by_choice(cameras, "zone", Zone.choices, "", in_place), in_place
        ),
        Breakdown(
            "status",
            _("Status"),
            rows_of(
                [
                    (str(status_labels.get(s, s)), n, {"status": s}, "")
                    for s, n in by_status.items()
                ],
                total,
            ),
            total,
            _("All cameras ever mapped here, including removed ones."),
        ),
    ]
    return {
        "area": area,
        "total": total,
        "in_place": in_place,
        "removed": by_status.get(Status.REMOVED, 0),
        "km2": km2,
        "density": in_place / km2 if km2 else None,
        "verified": verified,
        "verified_share": verified / in_place if in_place else None,
        "verified_since": since,
        "breakdowns": breakdowns,
        "years": _year_rows(cameras, in_place),
        "sources": area_sources(everything),
    }
