"""What the vendor and program pages show: plain reads, no markup.

Camera counts are of real cameras still in place (active or status unknown), the same cameras
the map shows by default.
"""

from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from surveillance_map.cameras.vocabularies import IN_PLACE_STATUSES, Dataset
from surveillance_map.lib.countries import country_name
from surveillance_map.reports.embeds import embed_url
from surveillance_map.reports.rows import (
    COUNTED,
    IN_PLACE,
    REPORTED,
    cameras_in_place,
    cameras_url,
    capability_rows,
    country_rows,
    data_quality,
    link_counts,
)
from surveillance_map.transparency.models import Evidence, Program, Vendor


def _in_place(prefix: str, link: str, reported: bool = False) -> Q:
    """Cameras in place whose `link` claim counts (or, with `reported`, only a sighting made)."""
    basis = Q(**{f"{prefix}__{link}_basis": REPORTED})
    return Q(
        basis if reported else ~basis,
        **{f"{prefix}__status__in": IN_PLACE_STATUSES, f"{prefix}__dataset": Dataset.REAL},
    )


def _counts(link: str) -> dict:
    return {
        "cameras": Count("camera", filter=_in_place("camera", link)),
        "reported": Count("camera", filter=_in_place("camera", link, reported=True)),
    }


def _figures(cameras, link: str, slug: str) -> dict:
    """The page's camera count (claims that count) and the reported ones apart, with links;
    the charts count among the former."""
    counted, reported = link_counts(cameras, link)
    base = {link: slug, **IN_PLACE}
    return {
        "cameras": counted,
        "reported": reported,
        "link_base": {**base, f"{link}_basis": COUNTED},
        "cameras_url": cameras_url(base, {f"{link}_basis": COUNTED}),
        "reported_url": cameras_url(base, {f"{link}_basis": REPORTED}),
        "quality": data_quality(cameras, today=timezone.localdate()),
        "quality_base": base,
    }


def vendor_list(*, country: str = "") -> list[Vendor]:
    vendors = Vendor.objects.public().annotate(**_counts("vendor"))
    if country:
        vendors = vendors.filter(country_of_origin=country)
    return list(vendors.prefetch_related("programs", "evidence"))


def _low_confidence(evidence) -> bool:
    return any(e.confidence == Evidence.Confidence.LOW for e in evidence)


def vendor_context(*, slug: str) -> dict:
    vendor = Vendor.objects.public().filter(slug=slug).first()
    if vendor is None:
        raise Http404("No such vendor.")
    cameras = cameras_in_place().filter(vendor=vendor)
    figures = _figures(cameras, "vendor", vendor.slug)
    counted = cameras.exclude(vendor_basis=REPORTED)
    count = figures["cameras"]
    evidence = list(vendor.evidence.all())
    return {
        **figures,
        "vendor": vendor,
        "country_name": country_name(vendor.country_of_origin),
        "capabilities": capability_rows(counted, count),
        "where": country_rows(counted, count),
        "programs": list(vendor.programs.select_related("operator")),
        "evidence": evidence,
        "origin_sources": [e for e in evidence if "country_of_origin" in e.supports],
        "alias_sources": [e for e in evidence if "aliases" in e.supports],
        "low_confidence": _low_confidence(evidence),
        "map_url": reverse("maps:map") + f"?vendor={vendor.slug}",
        "embed_url": embed_url(cameras, vendor=vendor.slug),
    }


def program_list() -> list[Program]:
    programs = Program.objects.annotate(**_counts("program"))
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
    program_cameras = cameras_in_place().filter(program=program)
    figures = _figures(program_cameras, "program", program.slug)
    counted = program_cameras.exclude(program_basis=REPORTED)
    cameras = figures["cameras"]
    claimed = program.claimed_camera_count
    return {
        **figures,
        "program": program,
        "country_name": country_name(program.country),
        "capabilities": capability_rows(counted, cameras),
        "mapped_share": cameras / claimed if claimed else None,
        "evidence": evidence,
        "low_confidence": _low_confidence(evidence),
        "map_url": reverse("maps:map") + f"?program={program.slug}",
        "embed_url": embed_url(program_cameras, program=program.slug),
    }
