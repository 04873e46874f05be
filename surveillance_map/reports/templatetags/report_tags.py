"""Template helpers for report pages: localised percentages and counts."""

from django import template
from django.utils.formats import number_format

from surveillance_map.reports import rows
from surveillance_map.reports.charts import percent_text

register = template.Library()


@register.filter
def percent(share) -> str:
    """0.1234 → "12.3 %" (localised decimal separator); empty for None."""
    if share is None:
        return ""
    return percent_text(share)


@register.filter
def num(value) -> str:
    """A count with the language's digit grouping (1,234 / 1.234); not for ids in URLs."""
    if value is None:
        return ""
    return number_format(value, force_grouping=True)


@register.simple_tag
def cameras_url(base, params) -> str:
    """The map of the cameras behind a figure (`base`: the page's filters)."""
    return rows.cameras_url(base or {}, params or {})
