"""Template helpers for report pages: localised percentages and filter links."""

from urllib.parse import urlencode

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(share) -> str:
    """0.1234 → "12.3 %" (localised decimal separator); empty for None."""
    if share is None:
        return ""
    if 0 < share < 0.0005:  # would round to 0.0 %, which reads as none
        return "<\u00a0" + number_format(0.1, 1) + "\u00a0%"
    return number_format(share * 100, 1) + "\u00a0%"


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
