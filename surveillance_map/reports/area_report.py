"""Area reports: totals, density and breakdowns of the cameras inside an area's boundary.

The cameras are exactly those the API lists for `?area=<slug>` (the shared camera filters on
real data), so every number can be checked against the API through `Row.params`.
"""

from datetime import date

from django.contrib.gis.geos import GEOSGeometry
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from surveillance_map.areas.models import Area
from surveillance_map.cameras.filters import apply_camera_filters
from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.selectors import camera_list
from surveillance_map.cameras.vocabularies import IN_PLACE_STATUSES, Status, SurveillanceType, Zone
from surveillance_map.imports.models import Source
from surveillance_map.lib.db import is_postgis
from surveillance_map.lib.replicas import read_connection
from surveillance_map.reports.rows import (
    Breakdown,
    capability_rows,
    choice_rows,
    data_quality,
    operator_rows,
    operator_type_rows,
    rows_of,
    two_years_before,
    vendor_origin_rows,
    vendor_rows,
    year_rows,
)
from surveillance_map.transparency.models import Vendor

# An equal-area projection (EASE-Grid 2.0 global) for areas where PostGIS geography is absent.
EQUAL_AREA_SRID = 6933


def area_km2(area: Area) -> float:
    """The area's surface in km²: on the WGS84 ellipsoid on PostGIS, equal-area elsewhere."""
    if is_postgis():
        with read_connection().cursor() as cursor:
            cursor.execute(
                "SELECT ST_Area(geometry::geography) FROM areas_area WHERE id = %s", [area.pk]
            )
            return cursor.fetchone()[0] / 1e6
    geometry = GEOSGeometry(area.geometry.wkb, srid=4326)
    return geometry.transform(EQUAL_AREA_SRID, clone=True).area / 1e6


def area_cameras(area: Area) -> QuerySet[Camera]:
    """The area's cameras, every status: the API's `?area=<slug>`."""
    return apply_camera_filters(camera_list(), area=area.geometry)


def area_sources(cameras) -> dict:
    """Where the area's numbers come from: the camera data sources (with how many cameras each
    reported) and the evidence behind the vendors present, low-confidence items included."""
    data = Source.objects.filter(records__camera__in=cameras.values("id")).annotate(
        cameras=Count("records__camera", distinct=True)
    )
    vendors = Vendor.objects.filter(pk__in=cameras.exclude(vendor=None).values("vendor_id"))
    return {
        "data": list(data.order_by("name")),
        "vendors": list(vendors.prefetch_related("evidence").order_by("name")),
    }


def area_report(*, area: Area, today: date) -> dict:
    """Everything the report page shows; numbers only, no markup."""
    everything = area_cameras(area)
    by_status = dict(everything.values_list("status").annotate(n=Count("id")).order_by())
    total = sum(by_status.values())
    cameras = everything.filter(status__in=IN_PLACE_STATUSES)
    in_place = sum(by_status.get(s, 0) for s in IN_PLACE_STATUSES)
    km2 = area_km2(area)
    since = two_years_before(today)
    verified = cameras.filter(last_verified__gte=since).count()
    status_labels = dict(Status.choices)
    breakdowns = [
        Breakdown(
            "surveillance_type",
            _("What it is"),
            choice_rows(
                cameras,
                "surveillance_type",
                SurveillanceType.choices,
                "surveillance_type",
                in_place,
            ),
            in_place,
        ),
        Breakdown(
            "vendor_country",
            _("Vendor's country of origin"),
            vendor_origin_rows(cameras, in_place),
            in_place,
        ),
        Breakdown("vendor", _("Vendor"), vendor_rows(cameras, in_place), in_place),
        Breakdown(
            "capability",
            _("Capabilities"),
            capability_rows(cameras, in_place),
            in_place,
            _(
                "A camera can have several capabilities, so shares can add up to more than "
                "100%. Claims that only a sighting made are counted apart, as reported."
            ),
        ),
        Breakdown(
            "operator_type", _("Operator type"), operator_type_rows(cameras, in_place), in_place
        ),
        Breakdown("operator", _("Operator"), operator_rows(cameras, in_place), in_place),
        Breakdown(
            "zone",
            _("Zone"),
            choice_rows(cameras, "zone", Zone.choices, "zone", in_place),
            in_place,
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
        "years": year_rows(cameras, in_place),
        "quality": data_quality(cameras, today=today),
        "sources": area_sources(everything),
    }
