"""Template helpers for report pages: localised percentages, counts and filter links."""

from urllib.parse import urlencode

from django import template
from django.utils.formats import number_format

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


@register.filter
def with_params(url: str, params: dict) -> str:
    """The URL with `params` added to its query string."""
    if not params:
        return url
    return url + ("&" if "?" in url else "?") + urlencode(params)
