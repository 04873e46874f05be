"""The reporting layer: cameras counted into rows with shares, for every report and page.

Area reports, vendor, program and country pages and the world page all count through these
functions, so a breakdown means the same thing wherever it is shown. `Row.params` are the API
filter parameters that select the same cameras as the row (a "not recorded" row too, through
`missing=`), so every figure can be checked against (and linked to) the API and the map.

Claims (capabilities, operator, vendor, program) count only when they rest on evidence, a
source's tags or an attribution (`COUNTED_BASES`); those a sighting made and nobody checked
are counted apart in `Row.reported`, with their own `reported_params`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _

from surveillance_map.areas.models import Area
from surveillance_map.cameras.models import Camera, CameraCapability
from surveillance_map.cameras.selectors import camera_list
from surveillance_map.cameras.vocabularies import (
    CAPABILITIES,
    COUNTED_BASES,
    IN_PLACE_STATUSES,
    LINKS,
    Basis,
    Dataset,
    OperatorType,
)
from surveillance_map.lib.countries import country_name
from surveillance_map.transparency.models import Program, Vendor

COUNTED = ",".join(COUNTED_BASES)
REPORTED = Basis.REPORTED.value


@dataclass(frozen=True)
class Row:
    label: str
    count: int  # cameras whose claim counts (documented, tagged, inferred), or all cameras
    share: float  # of the breakdown's base, 0..1
    params: dict = field(default_factory=dict)  # API filters selecting these cameras
    url: str = ""  # a page about this row (a vendor, a program), if any
    known: bool = True  # False for "not recorded" rows, listed last
    reported: int = 0  # cameras whose claim only a sighting made (unverified), shown apart
    reported_params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    rows: list[Row]
    base: int
    note: str = ""


IN_PLACE = {"status": ",".join(IN_PLACE_STATUSES)}


def cameras_url(base: dict, params: dict) -> str:
    """The map showing the cameras behind a figure: the page's filters with the row's."""
    return reverse("maps:map") + "?" + urlencode({**base, **params})


def cameras_in_place() -> QuerySet[Camera]:
    """Real cameras still in place: what the map shows by default and what pages count."""
    return camera_list().filter(status__in=IN_PLACE_STATUSES)


def unknown(label: str, count: int, missing: str = "") -> tuple:
    """A "not recorded" entry for rows_of(), linked through `missing=`."""
    return (label, count, {"missing": missing} if missing else {}, "", False)


def rows_of(counts: list[tuple], base: int) -> list[Row]:
    """Rows from (label, count, params, url[, known[, reported, reported_params]]) by count,
    largest first (reported ones after); unknowns last."""
    rows = [Row(c[0], c[1], c[1] / base if base else 0.0, *c[2:]) for c in counts]
    return sorted(rows, key=lambda r: (not r.known, -r.count, -r.reported, r.label))


def choice_rows(
    cameras, field_name: str, choices, param: str, base: int, unknown_label: str = ""
) -> list[Row]:
    """Cameras by the value of a choice field, labelled in the page language."""
    labels = dict(choices)
    unknown_label = unknown_label or _("Not recorded")
    counts = cameras.values_list(field_name).annotate(n=Count("id")).order_by()
    return rows_of(
        [
            (str(labels.get(value, value)), n, {param: value}, "")
            if value
            else unknown(unknown_label, n, param)
            for value, n in counts
        ],
        base,
    )


def _split(cameras, link: str, keys: list[str]) -> dict[tuple, list[int]]:
    """Cameras per value of `keys`, as [counted, reported] by the basis of the `link` claim."""
    reported = Q(**{f"{link}_basis": REPORTED})
    counts = (
        cameras.values_list(*keys)
        .annotate(n=Count("id", filter=~reported), r=Count("id", filter=reported))
        .order_by()
    )
    result: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for *key, n, r in counts:
        result[tuple(key)][0] += n
        result[tuple(key)][1] += r
    return result


def _claim_row(label, counts, params, url, link) -> tuple:
    n, r = counts
    return (
        label,
        n,
        {**params, f"{link}_basis": COUNTED},
        url,
        True,
        r,
        {**params, f"{link}_basis": REPORTED},
    )


def vendor_rows(cameras, base: int) -> list[Row]:
    """Cameras by vendor, each linked to its vendor page; reported vendor claims apart."""
    rows = []
    for (slug, name), counts in _split(cameras, "vendor", ["vendor__slug", "vendor__name"]).items():
        if slug:
            url = reverse("reports:vendor", args=(slug,))
            rows.append(_claim_row(name, counts, {"vendor": slug}, url, "vendor"))
        else:
            rows.append(unknown(_("Vendor not recorded"), sum(counts), "vendor"))
    return rows_of(rows, base)


def vendor_origin_rows(cameras, base: int) -> list[Row]:
    """Cameras by their vendor's country of origin, linked to that country's vendors."""
    split = _split(cameras, "vendor", ["vendor__country_of_origin", "vendor_id"])
    counts: dict = defaultdict(lambda: [0, 0])
    for (code, vendor_id), (n, r) in split.items():
        key = code if vendor_id else None
        counts[key][0] += n
        counts[key][1] += r
    rows = []
    for code, pair in counts.items():
        if code is None:
            rows.append(unknown(_("Vendor not recorded"), sum(pair), "vendor"))
        elif code == "":
            rows.append(unknown(_("Vendor's country not recorded"), sum(pair), "vendor_country"))
        else:
            url = reverse("reports:vendors") + f"?country={code}"
            label = f"{country_name(code)} ({code})"
            rows.append(_claim_row(label, pair, {"vendor_country": code}, url, "vendor"))
    return rows_of(rows, base)


def operator_rows(cameras, base: int) -> list[Row]:
    """Cameras by operator; reported operator claims apart."""
    split = _split(cameras, "operator", ["operator__slug", "operator__name"])
    return rows_of(
        [
            _claim_row(name, counts, {"operator": slug}, "", "operator")
            if slug
            else unknown(_("Operator not recorded"), sum(counts), "operator")
            for (slug, name), counts in split.items()
        ],
        base,
    )


def operator_type_rows(cameras, base: int) -> list[Row]:
    labels = dict(OperatorType.choices)
    split = _split(cameras, "operator", ["operator__operator_type"])
    return rows_of(
        [
            _claim_row(str(labels.get(kind, kind)), c, {"operator_type": kind}, "", "operator")
            if kind
            else unknown(_("Operator not recorded"), sum(c), "operator")
            for (kind,), c in split.items()
        ],
        base,
    )


def capability_rows(cameras, base: int) -> list[Row]:
    """Cameras by capability (a camera with several counts under each); claims a sighting
    made and nobody checked are counted apart."""
    reported = Q(basis=REPORTED)
    counts = (
        CameraCapability.objects.filter(camera__in=cameras.values("id"))
        .values_list("capability__code")
        .annotate(
            n=Count("camera_id", distinct=True, filter=~reported),
            r=Count("camera_id", distinct=True, filter=reported),
        )
        .order_by()
    )
    return rows_of(
        [
            _claim_row(
                _(CAPABILITIES.get(code, code)), (n, r), {"capability": code}, "", "capability"
            )
            for code, n, r in counts
        ],
        base,
    )


def country_rows(cameras, base: int) -> list[Row]:
    """Cameras by the country they stand in, linked to the country pages."""
    counts = cameras.values_list("country").annotate(n=Count("id")).order_by()
    return rows_of(
        [
            (country_name(c), n, {"country": c}, reverse("reports:country", args=(c.lower(),)))
            if c
            else unknown(_("Country not known"), n, "country")
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
    rows = [
        Row(str(y), counts[y], counts[y] / base, {"first_seen_year": str(y)})
        for y in sorted(y for y in counts if y)
    ]
    if None in counts:
        missing = {"missing": "first_seen"}
        rows.append(Row(_("Not recorded"), counts[None], counts[None] / base, missing, known=False))
    return rows


def country_origin_counts() -> list[tuple[str, str, bool, int]]:
    """Cameras in place by (country they stand in, their vendor's country of origin, whether
    only a sighting named the vendor), for the world page."""
    counts = (
        cameras_in_place()
        .exclude(country="")
        .values_list("country", "vendor__country_of_origin", "vendor_basis")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(code, origin, basis == REPORTED, n) for code, origin, basis, n in counts]


def link_counts(cameras, link: str) -> tuple[int, int]:
    """(counted, reported) cameras by the basis of their `link` claim."""
    reported = Q(**{f"{link}_basis": REPORTED})
    counts = cameras.aggregate(n=Count("id", filter=~reported), r=Count("id", filter=reported))
    return counts["n"], counts["r"]


def link_annotations(link: str) -> dict:
    """Annotations for vendors or programs (`link`): their cameras in place whose link counts
    (`cameras`) and those only a sighting linked (`reported`)."""

    def in_place(reported: bool) -> Q:
        basis = Q(**{f"camera__{link}_basis": REPORTED})
        return Q(
            basis if reported else ~basis,
            camera__status__in=IN_PLACE_STATUSES,
            camera__dataset=Dataset.REAL,
        )

    return {
        "cameras": Count("camera", filter=in_place(False)),
        "reported": Count("camera", filter=in_place(True)),
    }


def subject_figures(cameras, link: str, slug: str, *, today: date) -> dict:
    """A vendor's or program's page figures: its cameras whose link counts and those only a
    sighting linked, each with its map link, and its data quality."""
    counted, reported = link_counts(cameras, link)
    base = {link: slug, **IN_PLACE}
    return {
        "cameras": counted,
        "reported": reported,
        "link_base": {**base, f"{link}_basis": COUNTED},
        "cameras_url": cameras_url(base, {f"{link}_basis": COUNTED}),
        "reported_url": cameras_url(base, {f"{link}_basis": REPORTED}),
        "quality": data_quality(cameras, today=today),
        "quality_base": base,
    }


def two_years_before(day: date) -> date:
    return day.replace(year=day.year - 2, day=28 if (day.month, day.day) == (2, 29) else day.day)


def data_quality(cameras, *, today: date) -> dict:
    """How far the figures about these cameras can be trusted: shares confirmed lately, with a
    known operator and vendor, and every claim by its basis. Each figure with its filters."""
    since = two_years_before(today)
    known = {f"{link}_known": Count("id", filter=Q(**{f"{link}__isnull": False})) for link in LINKS}
    totals = cameras.aggregate(
        cameras=Count("id"), confirmed=Count("id", filter=Q(last_verified__gte=since)), **known
    )
    base = totals["cameras"]
    bases = dict.fromkeys(Basis.values, 0)
    for link in LINKS:
        counts = cameras.exclude(**{f"{link}_basis": ""}).values_list(f"{link}_basis")
        for basis, n in counts.annotate(n=Count("id")).order_by():
            bases[basis] += n
    claims = CameraCapability.objects.filter(camera__in=cameras.values("id"))
    for basis, n in claims.values_list("basis").annotate(n=Count("id")).order_by():
        bases[basis] += n

    def share(n: int) -> float | None:
        return round(n / base, 4) if base else None

    return {
        "cameras": base,
        "confirmed_since": since.isoformat(),
        "confirmed": totals["confirmed"],
        "confirmed_share": share(totals["confirmed"]),
        "confirmed_params": {"verified_since": since.isoformat()},
        **{
            f"{link}_known_share": share(totals[f"{link}_known"]) for link in ("operator", "vendor")
        },
        "operator_known": totals["operator_known"],
        "vendor_known": totals["vendor_known"],
        "operator_missing_params": {"missing": "operator"},
        "vendor_missing_params": {"missing": "vendor"},
        "claims_by_basis": bases,
        "basis_rows": [
            {"label": str(label), "count": bases[value], "params": {"any_basis": value}}
            for value, label in Basis.choices
        ],
    }


def subject_cameras(subject) -> QuerySet[Camera]:
    """The cameras in place that a data-quality figure is about: an area's, a vendor's or a
    program's (whatever the basis of the link)."""
    cameras = cameras_in_place()
    if isinstance(subject, Area):
        return cameras.filter(location__intersects=subject.geometry)
    return cameras.filter(**{subject._meta.model_name: subject})


def published_quality(*, today: date) -> dict:
    """Data quality of every area, vendor and program, by slug (for the snapshot manifest)."""

    def figures(subject) -> dict:
        quality = data_quality(subject_cameras(subject), today=today)
        return {k: v for k, v in quality.items() if not k.endswith("params") and k != "basis_rows"}

    return {
        "areas": {a.slug: figures(a) for a in Area.objects.order_by("slug")},
        "vendors": {v.slug: figures(v) for v in Vendor.objects.public().order_by("slug")},
        "programs": {p.slug: figures(p) for p in Program.objects.order_by("slug")},
    }
