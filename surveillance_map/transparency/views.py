"""Vendor, program, country and world pages (thin: pages.py reads, templates show)."""

import re

from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from surveillance_map.maps.cells import data_version
from surveillance_map.transparency import pages
from surveillance_map.transparency.countries import country_name

# Entries are keyed by the data version, so they never go stale; this only bounds memory.
WORLD_CACHE_SECONDS = 3600


@require_GET
def vendor_list(request):
    country = request.GET.get("country", "").strip().upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        country = ""  # a malformed filter shows every vendor rather than an error page
    context = {
        "vendors": pages.vendor_list(country=country),
        "country": country,
        "country_name": country_name(country) if country else "",
    }
    return render(request, "transparency/vendor_list.html", context)


@require_GET
def vendor_detail(request, slug: str):
    return render(request, "transparency/vendor.html", pages.vendor_context(slug=slug))


@require_GET
def program_list(request):
    return render(request, "transparency/program_list.html", {"programs": pages.program_list()})


@require_GET
def program_detail(request, slug: str):
    return render(request, "transparency/program.html", pages.program_context(slug=slug))


@require_GET
def world(request):
    # Counting every camera by country is the costly part; it only changes with the data.
    key = f"world:{data_version()}:{get_language()}"
    context = cache.get_or_set(key, pages.world_context, WORLD_CACHE_SECONDS)
    return render(request, "transparency/world.html", context)


@require_GET
def country_detail(request, code: str):
    return render(request, "transparency/country.html", pages.country_context(code=code))
