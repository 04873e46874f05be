"""What the world and country pages show: cameras by the country they stand in, and where
their vendors come from. Countries of cameras come from the offline gazetteer."""

from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from surveillance_map.areas.models import Area
from surveillance_map.lib.countries import country_name, is_country, numeric_code
from surveillance_map.reports.charts import bar_chart
from surveillance_map.reports.rows import (
    COUNTED,
    IN_PLACE,
    REPORTED,
    cameras_in_place,
    cameras_url,
    country_origin_counts,
    operator_rows,
    vendor_origin_rows,
    vendor_rows,
)
from surveillance_map.transparency.models import Program


def world_summary() -> list[dict]:
    """Per country with cameras or programs: counts and vendors' countries of origin (vendor
    claims a sighting made and nobody checked are counted apart, as `reported`)."""
    countries: dict[str, dict] = {}

    def entry(code: str) -> dict:
        return countries.setdefault(
            code,
            {
                "code": code,
                "cameras": 0,
                "with_origin": 0,
                "origins": {},
                "programs": 0,
                "reported": 0,
            },
        )

    for code, origin, reported, n in country_origin_counts():
        item = entry(code)
        item["cameras"] += n
        if origin and reported:
            item["reported"] += n
        elif origin:
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
        base = {"country": item["code"], **IN_PLACE}
        result.append(
            {
                **item,
                "name": country_name(item["code"]),
                "numeric": numeric_code(item["code"]),
                "cameras_url": cameras_url(base, {}),
                "reported_url": cameras_url(base, {"vendor_basis": REPORTED}),
                "origins": [
                    {
                        "code": c,
                        "name": country_name(c),
                        "count": n,
                        "share": n / item["cameras"],
                        "url": cameras_url(base, {"vendor_country": c, "vendor_basis": COUNTED}),
                    }
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
    cameras = cameras_in_place().filter(country=code)
    count = cameras.count()
    origins = vendor_origin_rows(cameras, count)
    base = {"country": code, **IN_PLACE}
    return {
        "code": code,
        "name": country_name(code),
        "cameras": count,
        "link_base": base,
        "cameras_url": cameras_url(base, {}),
        "origins": origins,
        "operators": operator_rows(cameras, count),
        "vendors": vendor_rows(cameras, count),
        "programs": list(
            Program.objects.filter(country=code)
            .select_related("operator")
            .prefetch_related("vendors", "evidence")
        ),
        "areas": list(Area.objects.filter(country=code).defer("geometry")),
        "origins_chart": bar_chart(
            origins,
            title=_("Vendors' countries of origin"),
            chart_id="chart-origins",
            base=count,
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
                    "url": reverse("reports:country", args=(c["code"].lower(),)),
                    "shares": {o["code"]: round(o["share"], 4) for o in c["origins"]},
                }
                for c in countries
            ],
            "labels": {
                "cameras": _("cameras mapped"),
                "programs": _("programs"),
                "noData": _("no cameras mapped"),
                "none": _("programs known, no cameras mapped"),
                "share": _("made by vendors from"),
            },
        },
    }
