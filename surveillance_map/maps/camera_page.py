"""A camera page's HTML, cached for anonymous visitors.

The page is the same for every anonymous visitor in one language until the camera, its names
(the data version) or what the page shows beside them (sightings, photos, evidence, sources:
the page version) change, so its parts are kept in the shared cache under a key holding both
versions and the language: a change gives a new key at once (within DATA_VERSION_SECONDS in
production). What differs per request (the CSP nonce, the language form's CSRF token) stays
outside the cached parts. A logged-in visitor, or one with a session or messages waiting,
gets the page rendered for them, never the shared one, and never feeds it.
"""

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from surveillance_map.maps.cells import versions
from surveillance_map.maps.pages import camera_context

# Entries are keyed by the versions, so they never go stale; this only bounds memory.
CAMERA_PAGE_SECONDS = 3600
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage


def shared(request) -> bool:
    """Whether this visitor may get (and fill) the page every anonymous visitor shares."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
        and not request.user.is_authenticated
    )


def render_parts(request, camera_id: int) -> dict:
    """The page's title, its top and its body below the map, for this request."""
    context = camera_context(camera_id=camera_id)
    return {
        "title": str(context["camera"]),
        "intro": render_to_string("maps/_camera_intro.html", context, request),
        "body": render_to_string("maps/_camera_body.html", context, request),
        "map_config": context["map_config"],
    }


def page_key(camera_id: int) -> str:
    data, pages = versions()
    return f"camera-page:{camera_id}:{data}:{pages}:{get_language()}"


def camera_page_parts(request, camera_id: int) -> dict:
    """render_parts, from the shared cache when the visitor may share it (Http404 if the
    camera is not public)."""
    if not shared(request):
        return render_parts(request, camera_id)
    key = page_key(camera_id)
    parts = cache.get(key)
    if parts is None:
        parts = render_parts(request, camera_id)
        if "csrfmiddlewaretoken" not in parts["intro"] + parts["body"]:
            cache.set(key, parts, CAMERA_PAGE_SECONDS)
    return {**parts, "intro": mark_safe(parts["intro"]), "body": mark_safe(parts["body"])}
