"""`{% camera_history camera %}`: history, freshness and report links for a camera page."""

from django import template

from surveillance_map.lib.pseudonyms import pseudonym
from surveillance_map.sightings.selectors import camera_panel

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
def field_labels(names) -> str:
    """A revision's changed fields as a reader names them, in the page's language."""
    from django.core.exceptions import FieldDoesNotExist

    from surveillance_map.cameras.models import Camera

    labels = []
    for name in names:
        try:
            labels.append(str(Camera._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            labels.append(name.replace("_", " "))
    return ", ".join(labels)
