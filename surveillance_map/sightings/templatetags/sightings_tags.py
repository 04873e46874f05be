"""`{% camera_history camera %}`: history, freshness and report links for a camera page."""

from django import template

from surveillance_map.sightings.freshness import camera_is_stale
from surveillance_map.sightings.selectors import confirmation_count

register = template.Library()


@register.inclusion_tag("sightings/_camera_panel.html", takes_context=True)
def camera_history(context, camera):
    request = context.get("request")
    return {
        "camera": camera,
        "request": request,
        "revisions": camera.revisions.select_related("actor").order_by("-id"),
        "stale": camera_is_stale(camera),
        "confirmations": confirmation_count(camera=camera),
        "can_revert": bool(request and request.user.has_perm("sightings.moderate")),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def is_stale(camera) -> bool:
    return camera_is_stale(camera)
