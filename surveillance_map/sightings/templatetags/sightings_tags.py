"""`{% camera_history camera %}`: history, freshness and report links for a camera page."""

from django import template
from django.utils.translation import gettext_lazy as _

from surveillance_map.cameras.vocabularies import SENSITIVE_CAPABILITIES
from surveillance_map.lib.pseudonyms import pseudonym
from surveillance_map.sightings.selectors import camera_panel, capability_names, plausibility

register = template.Library()
register.filter("pseudonym", pseudonym)
register.filter("capability_names", capability_names)


@register.filter
def capability_name(code: str) -> str:
    return capability_names([code])


@register.inclusion_tag("sightings/_camera_panel.html", takes_context=True)
def camera_history(context, camera):
    request = context.get("request")
    return {
        **camera_panel(camera=camera, user=getattr(request, "user", None)),
        "photos": (),  # the camera page shows its photos once, above
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "messages": context.get("messages"),
    }


# A revision's fields as a reader names them (the model's field names are for developers).
FIELD_LABELS = {
    "surveillance_type": _("What it is"),
    "camera_type": _("Camera type"),
    "mount": _("Mount"),
    "zone": _("Zone"),
    "placement": _("Placement"),
    "direction": _("Direction"),
    "angle_of_view": _("Angle of view"),
    "direction_from": _("Direction (from)"),
    "direction_to": _("Direction (to)"),
    "tilt": _("Tilt"),
    "height": _("Height"),
    "name": _("Name"),
    "location": _("Position"),
    "manufacturer": _("Maker"),
    "brand": _("Brand"),
    "model": _("Model"),
    "capabilities": _("Capabilities"),
    "status": _("Status"),
    "first_seen": _("First seen"),
    "last_verified": _("Last verified"),
    "osm_id": _("OpenStreetMap id"),
    "operator": _("Operator"),
    "vendor": _("Vendor"),
    "program": _("Program"),
    "dataset": _("Dataset"),
    "extra_tags": _("Other tags"),
    "original_tags": _("Imported tags"),
    "country": _("Country"),
    "place": _("Place"),
    "capability_basis": _("What the capabilities rest on"),
    "capability_evidence": _("Evidence for the capabilities"),
    "operator_basis": _("What the operator link rests on"),
    "vendor_basis": _("What the vendor link rests on"),
    "program_basis": _("What the program link rests on"),
    "claim_evidence": _("Evidence for the links"),
}


@register.filter
def field_labels(names) -> str:
    """A revision's changed fields, in the page's language."""
    names = [name.removesuffix("_id") for name in names]
    return ", ".join(str(FIELD_LABELS.get(name, name.replace("_", " "))) for name in names)


@register.filter
def field_label(name: str) -> str:
    return field_labels([name])


@register.filter
def needs_evidence(capabilities) -> list[str]:
    """The claimed capabilities a moderator should see backed before they count."""
    return [code for code in capabilities or () if code in SENSITIVE_CAPABILITIES]


@register.filter
def plausibility_codes(sighting) -> list[str]:
    """The plausibility flags of a pending sighting, for the queue."""
    return [w["code"] for w in plausibility(sighting=sighting)]
