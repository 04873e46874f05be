"""The installable app: its web app manifest and its service worker (served from the site's root,
so that it may control /submit/)."""

from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@cache
def _worker() -> bytes:
    with open(finders.find("sightings/sw.js"), "rb") as handle:
        return handle.read()


@require_safe
@cache_control(no_cache=True)
def service_worker(request):
    return HttpResponse(_worker(), content_type="text/javascript; charset=utf-8")


@require_safe
def manifest(request):
    data = {
        "name": "Surveillance Map",
        "short_name": "Surveillance Map",
        "description": _("An open map of public surveillance cameras."),
        "lang": request.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#fafafa",
        "theme_color": "#1d2327",
        "icons": [
            {"src": static(f"icons/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png"}
            for n in (192, 512)
        ],
        "shortcuts": [{"name": _("Report a camera"), "url": "/submit/"}],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
