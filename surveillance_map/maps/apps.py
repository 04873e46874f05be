from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class MapsConfig(AppConfig):
    name = "surveillance_map.maps"
    verbose_name = "Public map"

    def ready(self):
        checks.register(basemap_contact_check, checks.Tags.compatibility)


def basemap_contact_check(app_configs=None, **kwargs):
    """Tile servers ask proxies like ours for a way to reach their operator."""
    if settings.BASEMAP_URL and not settings.BASEMAP_CONTACT_URL and not settings.DEBUG:
        return [
            checks.Warning(
                "BASEMAP_CONTACT_URL is not set: the basemap proxy's User-Agent names no contact.",
                hint="Set it to a page or mailto: where the tile server's operators reach you.",
                id="maps.W001",
            )
        ]
    return []
