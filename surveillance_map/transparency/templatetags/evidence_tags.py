"""Template helper for evidence: what a source backs, in words a reader knows."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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
def supported_fields(names) -> str:
    """Evidence.supports as words a reader knows ("Claimed size"), unknown names as they are."""
    return ", ".join(_(SUPPORTED_FIELDS[n]) if n in SUPPORTED_FIELDS else n for n in names or ())
