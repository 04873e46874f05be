"""`{% osm_sync_status %}`: the sync's lag, on the moderators' queue page."""

from django import template

from surveillance_map.imports.replication_status import sync_status

register = template.Library()


@register.inclusion_tag("imports/_sync_status.html")
def osm_sync_status() -> dict:
    return {"status": sync_status()}
