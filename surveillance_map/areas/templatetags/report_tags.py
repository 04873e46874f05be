"""Template helpers for report pages: localised percentages and filter links."""

from urllib.parse import urlencode

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from surveillance_map.areas.charts import percent_text
from surveillance_map.cameras.vocabularies import CAPABILITIES

register = template.Library()

# What a source can back, by the field names stored in Evidence.supports.
SUPPORTED_FIELDS = {
    "vendors": gettext_noop("Vendors"),
    "vendor": gettext_noop("Vendor"),
    "operator": gettext_noop("Operator"),
    "claimed_camera_count": gettext_noop("Claimed size"),
    "financing": gettext_noop("Financing"),
    "year_started": gettext_noop("Started"),
    "restrictions": gettext_noop("Restrictions"),
    "country_of_origin": gettext_noop("Country of origin"),
    "location": gettext_noop("Location"),
    "direction": gettext_noop("Direction"),
    **CAPABILITIES,
}


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


@register.filter
def supported_fields(names) -> str:
    """Evidence.supports as words a reader knows ("Claimed size"), unknown names as they are."""
    return ", ".join(_(SUPPORTED_FIELDS[n]) if n in SUPPORTED_FIELDS else n for n in names or ())
