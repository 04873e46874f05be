"""What the vendor and program pages show: plain reads, no markup.

Camera counts are of real cameras still in place (active or status unknown), the same cameras
the map shows by default.
"""

from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse

from surveillance_map.cameras.vocabularies import IN_PLACE_STATUSES, Dataset
from surveillance_map.lib.countries import country_name
from surveillance_map.reports.embeds import embed_url
from surveillance_map.reports.rows import cameras_in_place, capability_rows, country_rows
from surveillance_map.transparency.models import Evidence, Program, Vendor


def _in_place(prefix: str) -> Q:
    return Q(**{f"{prefix}__status__in": IN_PLACE_STATUSES, f"{prefix}__dataset": Dataset.REAL})


def vendor_list(*, country: str = "") -> list[Vendor]:
    vendors = Vendor.objects.public().annotate(cameras=Count("camera", filter=_in_place("camera")))
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
    count = cameras.count()
    evidence = list(vendor.evidence.all())
    return {
        "vendor": vendor,
        "country_name": country_name(vendor.country_of_origin),
        "cameras": count,
        "capabilities": capability_rows(cameras, count),
        "where": country_rows(cameras, count),
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
    program_cameras = cameras_in_place().filter(program=program)
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
