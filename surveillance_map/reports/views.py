"""Report pages: areas, vendors, programs, countries and the world (thin: read, then render)."""

import re
from pathlib import Path

from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from surveillance_map.areas.models import Area
from surveillance_map.lib.countries import country_name
from surveillance_map.maps.cells import data_version
from surveillance_map.reports import area_page, subjects, world
from surveillance_map.transparency.models import Evidence

# Entries are keyed by the data version, so they never go stale; this only bounds memory.
WORLD_CACHE_SECONDS = 3600


@require_safe
def area_list(request):
    return render(request, "reports/area_list.html", {"areas": Area.objects.defer("geometry")})


@require_safe
def area_report(request, slug: str):
    area = get_object_or_404(Area, slug=slug)
    context = area_page.area_page_context(request=request, area=area)
    return render(request, "reports/area_report.html", context)


@require_safe
def vendor_list(request):
    country = request.GET.get("country", "").strip().upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        country = ""  # a malformed filter shows every vendor rather than an error page
    context = {
        "vendors": subjects.vendor_list(country=country),
        "country": country,
        "country_name": country_name(country) if country else "",
    }
    return render(request, "reports/vendor_list.html", context)


@require_safe
def vendor_detail(request, slug: str):
    return render(request, "reports/vendor.html", subjects.vendor_context(slug=slug))


@require_safe
def program_list(request):
    return render(request, "reports/program_list.html", {"programs": subjects.program_list()})


@require_safe
def program_detail(request, slug: str):
    return render(request, "reports/program.html", subjects.program_context(slug=slug))


@require_safe
def world_page(request):
    # Counting every camera by country is the costly part; it only changes with the data.
    key = f"world:{data_version()}:{get_language()}"
    context = cache.get_or_set(key, world.world_context, WORLD_CACHE_SECONDS)
    return render(request, "reports/world.html", context)


@require_safe
def country_detail(request, code: str):
    return render(request, "reports/country.html", world.country_context(code=code))


@require_safe
def evidence_document(request, evidence_id: int):
    """An Evidence record's uploaded document, as a download (never shown inline): anyone can
    check it against the SHA-256 published with the record."""
    evidence = get_object_or_404(Evidence, pk=evidence_id)
    if not evidence.file:
        raise Http404("This evidence has no document.")
    name = f"evidence-{evidence.pk}-{evidence.sha256[:12]}{Path(evidence.file.name).suffix}"
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
