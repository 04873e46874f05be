"""`{% camera_history camera %}`: history, freshness and report links for a camera page."""

from django import template

from surveillance_map.cameras.vocabularies import SENSITIVE_CAPABILITIES
from surveillance_map.lib.pseudonyms import pseudonym
from surveillance_map.sightings.selectors import camera_panel, plausibility

register = template.Library()
register.filter("pseudonym", pseudonym)


@register.inclusion_tag("sightings/_camera_panel.html", takes_context=True)
def camera_history(context, camera):
    request = context.get("request")
    return {
        **camera_panel(camera=camera, user=getattr(request, "user", None)),
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "messages": context.get("messages"),
    }


@register.filter
def needs_evidence(capabilities) -> list[str]:
    """The claimed capabilities a moderator should see backed before they count."""
    return [code for code in capabilities or () if code in SENSITIVE_CAPABILITIES]


@register.filter
def plausibility_codes(sighting) -> list[str]:
    """The plausibility flags of a pending sighting, for the queue."""
    return [w["code"] for w in plausibility(sighting=sighting)]
