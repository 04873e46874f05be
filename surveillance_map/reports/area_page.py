"""What an area's report page shows around the numbers: charts, links, citation, embed."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from surveillance_map.areas.models import Area
from surveillance_map.cameras.vocabularies import IN_PLACE_STATUSES
from surveillance_map.reports import charts
from surveillance_map.reports.area_report import area_report
from surveillance_map.reports.embeds import map_view
from surveillance_map.reports.rows import IN_PLACE


def area_page_context(*, request, area: Area) -> dict:
    """The report's numbers with their charts, citation, downloads and embed."""
    now = timezone.now()
    report = area_report(area=area, today=timezone.localdate(now))
    base = {"area": area.slug, **IN_PLACE}
    report["charts"] = {
        b.key: charts.bar_chart(
            b.rows,
            title=b.title,
            chart_id=f"chart-{b.key}",
            base=b.base,
        )
        for b in report["breakdowns"]
    }
    view = map_view(area.geometry.extent)
    area_query = urlencode({"area": area.slug})
    map_query = urlencode({**view, "area": area.slug})
    permalink = request.build_absolute_uri(reverse("reports:area", args=(area.slug,)))
    embed_url = request.build_absolute_uri(reverse("maps:embed")) + "?" + map_query
    return {
        **report,
        "years_chart": charts.column_chart(
            report["years"],
            title=_("Cameras by year first seen"),
            chart_id="chart-years",
        ),
        "link_base": base,
        "status_base": {"area": area.slug},
        "removed_params": {"status": "removed"},
        "as_of": now,
        "permalink": permalink,
        "citation_date": date_format(now, "DATE_FORMAT"),
        "csv_url": reverse("api:cameras-csv") + "?" + area_query,
        "geojson_url": reverse("api:cameras-geojson") + "?" + area_query,
        "api_url": reverse("api:camera-list") + "?" + area_query,
        "in_place_query": urlencode({"area": area.slug, "status": ",".join(IN_PLACE_STATUSES)}),
        "map_url": reverse("maps:map") + "?" + map_query,
        "embed_url": embed_url,
        "embed_code": format_html(
            '<iframe src="{}" width="600" height="400" style="border:0" title="{}"></iframe>',
            embed_url,
            _("Map of surveillance cameras in %(name)s") % {"name": area.name},
        ),
    }
