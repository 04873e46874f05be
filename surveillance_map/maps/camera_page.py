"""A camera page's HTML, cached whole for anonymous visitors.

The page is the same for every anonymous visitor in one language until the camera, its names
(the data version) or what the page shows beside them (sightings, photos, evidence, sources:
the page version) change, so it is kept in the shared cache under a key holding both versions
and the language: a change gives a new key at once (within DATA_VERSION_SECONDS in
production). What differs per request, the CSP nonce and the CSRF token of its forms, is
rendered as random marks, replaced in each response. A logged-in visitor, one with a session
or messages waiting, or any URL but the camera's own (a query string) gets the page rendered
for them, never the shared one, and never feeds it.
"""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from surveillance_map.maps.cells import versions
from surveillance_map.maps.pages import camera_context

# Entries are keyed by the versions, so they never go stale; this only bounds memory.
CAMERA_PAGE_SECONDS = 3600
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
TEMPLATE = "maps/camera_detail.html"


def shared(request, camera_id: int) -> bool:
    """Whether this visitor may get (and fill) the page every anonymous visitor shares."""
    return (
        # The language form sends the visitor back to the URL they asked for: only the
        # camera's own URL (no query string, no /cameras/007/ spelling) shares a page.
        request.get_full_path() == reverse("maps:camera", args=[camera_id])
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
        and not request.user.is_authenticated
    )


def page_key(camera_id: int) -> str:
    data, pages = versions()
    # "camera-html": entries of the whole page; earlier code kept its parts under "camera-page".
    return f"camera-html:{camera_id}:{data}:{pages}:{get_language()}"


def camera_page(request, camera_id: int) -> HttpResponse:
    """The page, from the shared cache when the visitor may share it (Http404 if the camera
    is not public)."""
    if not shared(request, camera_id):
        return render(request, TEMPLATE, camera_context(camera_id=camera_id))
    key = page_key(camera_id)
    cached = cache.get(key)
    if cached is None:
        cached = _render_with_marks(request, camera_id)
        cache.set(key, cached, CAMERA_PAGE_SECONDS)
    html, nonce_mark, token_mark = cached
    html = html.replace(nonce_mark, request.csp_nonce).replace(token_mark, get_token(request))
    return HttpResponse(html)


def _render_with_marks(request, camera_id: int) -> tuple[str, str, str]:
    """(html, nonce mark, CSRF token mark): random marks, which no camera text can foresee."""
    nonce_mark, token_mark = (f"mark{secrets.token_hex(12)}" for _ in range(2))
    context = {**camera_context(camera_id=camera_id), "csrf_token": token_mark}
    nonce, request.csp_nonce = request.csp_nonce, nonce_mark
    try:
        html = render_to_string(TEMPLATE, context, request)
    finally:
        request.csp_nonce = nonce
    return html, nonce_mark, token_mark
