"""The reporting layer: cameras counted into rows with shares, for every report and page.

Area reports, vendor, program and country pages and the world page all count through these
functions, so a breakdown means the same thing wherever it is shown. `Row.params` are the API
filter parameters that select the same cameras as the row, so every figure can be checked
against (and linked to) the API and the map.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _

from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.selectors import camera_list
from surveillance_map.cameras.vocabularies import CAPABILITIES, IN_PLACE_STATUSES, OperatorType
from surveillance_map.lib.countries import country_name


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


def cameras_in_place() -> QuerySet[Camera]:
    """Real cameras still in place: what the map shows by default and what pages count."""
    return camera_list().filter(status__in=IN_PLACE_STATUSES)


def unknown(label: str, count: int) -> tuple:
    """A "not recorded" entry for rows_of()."""
    return (label, count, {}, "", False)


def rows_of(counts: list[tuple], base: int) -> list[Row]:
    """Rows from (label, count, params, url[, known]) by count, largest first; unknowns last."""
    rows = [Row(c[0], c[1], c[1] / base if base else 0.0, *c[2:]) for c in counts]
    return sorted(rows, key=lambda r: (not r.known, -r.count, r.label))


def choice_rows(
    cameras, field_name: str, choices, param: str, base: int, unknown_label: str = ""
) -> list[Row]:
    """Cameras by the value of a choice field, labelled in the page language."""
    labels = dict(choices)
    unknown_label = unknown_label or _("Not recorded")
    counts = cameras.values_list(field_name).annotate(n=Count("id")).order_by()
    return rows_of(
        [
            (str(labels.get(value, value)), n, {param: value} if param else {}, "")
            if value
            else unknown(unknown_label, n)
            for value, n in counts
        ],
        base,
    )


def vendor_rows(cameras, base: int) -> list[Row]:
    """Cameras by vendor, each linked to its vendor page."""
    counts = cameras.values_list("vendor__slug", "vendor__name").annotate(n=Count("id")).order_by()
    return rows_of(
        [
            (name, n, {"vendor": slug}, reverse("reports:vendor", args=(slug,)))
            if slug
            else unknown(_("Vendor not recorded"), n)
            for slug, name, n in counts
        ],
        base,
    )


def vendor_origin_rows(cameras, base: int) -> list[Row]:
    """Cameras by their vendor's country of origin, linked to that country's vendors."""
    counts = defaultdict(int)
    pairs = cameras.values_list("vendor__country_of_origin", "vendor_id").annotate(n=Count("id"))
    for code, has_vendor, n in pairs.order_by():
        counts[code if has_vendor else None] += n
    rows = []
    for code, n in counts.items():
        if code is None:
            rows.append(unknown(_("Vendor not recorded"), n))
        elif code == "":
            rows.append(unknown(_("Vendor's country not recorded"), n))
        else:
            url = reverse("reports:vendors") + f"?country={code}"
            rows.append((f"{country_name(code)} ({code})", n, {"vendor_country": code}, url))
    return rows_of(rows, base)


def operator_rows(cameras, base: int) -> list[Row]:
    """Cameras by operator (operators have no page and no API filter of their own yet)."""
    counts = (
        cameras.values_list("operator__slug", "operator__name").annotate(n=Count("id")).order_by()
    )
    return rows_of(
        [
            (name, n, {}, "") if name else unknown(_("Operator not recorded"), n)
            for _slug, name, n in counts
        ],
        base,
    )


def operator_type_rows(cameras, base: int) -> list[Row]:
    return choice_rows(
        cameras,
        "operator__operator_type",
        OperatorType.choices,
        "operator_type",
        base,
        _("Operator not recorded"),
    )


def capability_rows(cameras, base: int) -> list[Row]:
    """Cameras by capability; a camera with several counts under each."""
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


def country_rows(cameras, base: int) -> list[Row]:
    """Cameras by the country they stand in, linked to the country pages."""
    counts = cameras.values_list("country").annotate(n=Count("id")).order_by()
    return rows_of(
        [
            (country_name(c), n, {}, reverse("reports:country", args=(c.lower(),)))
            if c
            else unknown(_("Country not known"), n)
            for c, n in counts
        ],
        base,
    )


def year_rows(cameras, base: int) -> list[Row]:
    """Cameras by the year first seen, in year order (a timeline, not a ranking)."""
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
