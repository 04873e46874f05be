"""Area pages: the list of areas and each area's report."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from surveillance_map.areas import pages
from surveillance_map.areas.models import Area


@require_GET
def area_list(request):
    return render(request, "areas/list.html", {"areas": Area.objects.defer("geometry")})


@require_GET
def area_detail(request, slug: str):
    area = get_object_or_404(Area, slug=slug)
    return render(request, "areas/report.html", pages.report_context(request=request, area=area))
