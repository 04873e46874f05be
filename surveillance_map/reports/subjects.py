"""What the vendor and program pages show: plain reads, no markup.

Camera counts are of real cameras still in place (active or status unknown), the same cameras
the map shows by default.
"""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from surveillance_map.lib.countries import country_name
from surveillance_map.reports.embeds import embed_url
from surveillance_map.reports.rows import (
    REPORTED,
    cameras_in_place,
    capability_rows,
    country_rows,
    link_annotations,
    subject_figures,
)
from surveillance_map.transparency.models import Evidence, Program, Vendor


def vendor_list(*, country: str = "") -> list[Vendor]:
    vendors = Vendor.objects.public().annotate(**link_annotations("vendor"))
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
    figures = subject_figures(cameras, "vendor", vendor.slug, today=timezone.localdate())
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
    programs = Program.objects.annotate(**link_annotations("program"))
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
    figures = subject_figures(program_cameras, "program", program.slug, today=timezone.localdate())
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
