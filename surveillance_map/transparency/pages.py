"""What the vendor, program, country and world pages show: plain reads, no markup.

Camera counts are of real cameras still in place (active or status unknown), the same cameras
the map shows by default; countries of cameras come from the offline gazetteer.
"""

from collections import defaultdict
from urllib.parse import urlencode

from django.contrib.gis.db.models import Extent
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from surveillance_map.areas.charts import bar_chart
from surveillance_map.areas.models import Area
from surveillance_map.areas.pages import map_view
from surveillance_map.areas.reports import IN_PLACE, Row, rows_of, unknown
from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.selectors import camera_list
from surveillance_map.cameras.vocabularies import CAPABILITIES
from surveillance_map.transparency.countries import country_name, is_country, numeric_code
from surveillance_map.transparency.models import Evidence, Program, Vendor


def mapped_cameras():
    return camera_list().filter(status__in=IN_PLACE)


def _in_place(prefix: str) -> Q:
    return Q(**{f"{prefix}__status__in": IN_PLACE, f"{prefix}__dataset": "real"})


def vendor_list(*, country: str = "") -> list[Vendor]:
    vendors = Vendor.objects.annotate(cameras=Count("camera", filter=_in_place("camera")))
    if country:
        vendors = vendors.filter(country_of_origin=country)
    return list(vendors.prefetch_related("programs", "evidence"))


def _low_confidence(evidence) -> bool:
    return any(e.confidence == Evidence.Confidence.LOW for e in evidence)


def embed_url(cameras, **filters) -> str:
    """The embedded map showing these cameras (fitted to them), or "" when there are none."""
    box = cameras.aggregate(box=Extent("location"))["box"]
    if box is None:
        return ""
    return reverse("maps:embed") + "?" + urlencode({**map_view(box), **filters})


def vendor_context(*, slug: str) -> dict:
    vendor = Vendor.objects.filter(slug=slug).first()
    if vendor is None:
        raise Http404("No such vendor.")
    cameras = mapped_cameras().filter(vendor=vendor)
    count = cameras.count()
    capabilities = (
        Camera.capabilities.through.objects.filter(camera__in=cameras.values("id"))
        .values_list("capability__code")
        .annotate(n=Count("camera_id", distinct=True))
        .order_by()
    )
    places = cameras.values_list("country").annotate(n=Count("id")).order_by()
    evidence = list(vendor.evidence.all())
    return {
        "vendor": vendor,
        "country_name": country_name(vendor.country_of_origin),
        "cameras": count,
        "capabilities": rows_of(
            [(_(CAPABILITIES.get(c, c)), n, {"capability": c}, "") for c, n in capabilities],
            count,
        ),
        "where": rows_of(
            [
                (country_name(c), n, {}, reverse("transparency:country", args=(c.lower(),)))
                if c
                else unknown(_("Country not known"), n)
                for c, n in places
            ],
            count,
        ),
        "programs": list(vendor.programs.select_related("operator")),
        "evidence": evidence,
        "low_confidence": _low_confidence(evidence),
        "map_url": reverse("maps:map") + f"?vendor={vendor.slug}",
        "embed_url": embed_url(cameras, vendor=vendor.slug),
    }


def program_list() -> list[Program]:
    programs = Program.objects.annotate(cameras=Count("camera", filter=_in_place("camera")))
    return list(programs.select_related("operator").prefetch_related("vendors", "evidence"))


def program_context(*, slug: str) -> dict:
    program = (
        Program.objects.select_related("operator")
        .prefetch_related("vendors", "evidence")
        .filter(slug=slug)
        .first()
    )
    if program is None:
        raise Http404("No such program.")
    evidence = list(program.evidence.all())
    program_cameras = mapped_cameras().filter(program=program)
    cameras = program_cameras.count()
    claimed = program.claimed_camera_count
    return {
        "program": program,
        "country_name": country_name(program.country),
        "cameras": cameras,
        "mapped_share": cameras / claimed if claimed else None,
        "evidence": evidence,
        "low_confidence": _low_confidence(evidence),
        "map_url": reverse("maps:map") + f"?program={program.slug}",
        "embed_url": embed_url(program_cameras, program=program.slug),
    }


def vendor_origins(cameras, base: int) -> list[Row]:
    """Cameras by their vendor's country of origin, as rows with shares of `base`."""
    counts = defaultdict(int)
    rows = cameras.values_list("vendor__country_of_origin", "vendor_id").annotate(n=Count("id"))
    for code, has_vendor, n in rows.order_by():
        counts[code if has_vendor else None] += n
    rows = []
    for code, n in counts.items():
        if code is None:
            rows.append(unknown(_("Vendor not recorded"), n))
        elif code == "":
            rows.append(unknown(_("Vendor's country not recorded"), n))
        else:
            url = reverse("transparency:vendors") + f"?country={code}"
            rows.append((f"{country_name(code)} ({code})", n, {"vendor_country": code}, url))
    return rows_of(rows, base)


def world_summary() -> list[dict]:
    """Per country with cameras or programs: counts and vendors' countries of origin."""
    cameras = (
        mapped_cameras()
        .exclude(country="")
        .values_list("country", "vendor__country_of_origin")
        .annotate(n=Count("id"))
        .order_by()
    )
    countries: dict[str, dict] = {}

    def entry(code: str) -> dict:
        return countries.setdefault(
            code, {"code": code, "cameras": 0, "with_origin": 0, "origins": {}, "programs": 0}
        )

    for code, origin, n in cameras:
        item = entry(code)
        item["cameras"] += n
        if origin:
            item["with_origin"] += n
            item["origins"][origin] = item["origins"].get(origin, 0) + n
    for code, n in (
        Program.objects.exclude(country="").values_list("country").annotate(n=Count("id"))
    ):
        entry(code)["programs"] += n
    result = []
    for item in countries.values():
        origins = sorted(item["origins"].items(), key=lambda kv: (-kv[1], kv[0]))
        top = origins[0] if origins else None
        result.append(
            {
                **item,
                "name": country_name(item["code"]),
                "numeric": numeric_code(item["code"]),
                "origins": [
                    {"code": c, "name": country_name(c), "count": n, "share": n / item["cameras"]}
                    for c, n in origins
                ],
                "top_origin": top and top[0],
                "top_share": top and top[1] / item["cameras"],
            }
        )
    return sorted(result, key=lambda c: (-c["cameras"], c["name"]))


def country_context(*, code: str) -> dict:
    code = code.upper()
    if not is_country(code):
        raise Http404("No such country code.")
    cameras = mapped_cameras().filter(country=code)
    count = cameras.count()
    origins = vendor_origins(cameras, count)
    operators = (
        cameras.values_list("operator__slug", "operator__name").annotate(n=Count("id")).order_by()
    )
    vendors = (
        cameras.exclude(vendor=None)
        .values_list("vendor__slug", "vendor__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        "code": code,
        "name": country_name(code),
        "cameras": count,
        "origins": origins,
        "operators": rows_of(
            [
                (name, n, {}, "") if name else unknown(_("Operator not recorded"), n)
                for _slug, name, n in operators
            ],
            count,
        ),
        "vendors": rows_of(
            [
                (name, n, {"vendor": s}, reverse("transparency:vendor", args=(s,)))
                for s, name, n in vendors
            ],
            count,
        ),
        "programs": list(
            Program.objects.filter(country=code)
            .select_related("operator")
            .prefetch_related("vendors", "evidence")
        ),
        "areas": list(Area.objects.filter(country=code).defer("geometry")),
        "origins_chart": bar_chart(
            origins, title=_("Vendors' countries of origin"), chart_id="chart-origins"
        ),
    }


def world_context() -> dict:
    countries = world_summary()
    origins = sorted({o["code"] for c in countries for o in c["origins"]})
    return {
        "countries": countries,
        "origin_choices": [{"code": o, "name": country_name(o)} for o in origins],
        "map_data": {
            "countries": [
                {
                    "numeric": c["numeric"],
                    "name": c["name"],
                    "cameras": c["cameras"],
                    "programs": c["programs"],
                    "url": reverse("transparency:country", args=(c["code"].lower(),)),
                    "shares": {o["code"]: round(o["share"], 4) for o in c["origins"]},
                }
                for c in countries
            ],
            "labels": {
                "cameras": _("cameras mapped"),
                "programs": _("programs"),
                "noData": _("no cameras mapped"),
                "share": _("made by vendors from"),
            },
        },
    }
