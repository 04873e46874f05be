"""Redoc's script for the API docs page, served by us without its one call to a third party.

The bundle from drf-spectacular-sidecar draws Redocly's logo from Redocly's CDN in the sidebar
(there is no option to turn it off); a visitor's browser must fetch nothing from another host,
so we serve the same file with that address replaced by a transparent inline pixel. A sidecar
update that changes the address fails the browser test of the docs page, which fails on any
request to another host and on any Content Security Policy violation.
"""

import hashlib
from functools import cache

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.utils.http import quote_etag
from django.views.decorators.http import condition, require_safe

BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
THIRD_PARTY_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
BLANK = b"data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
SOURCE_MAP = b"//# sourceMappingURL=redoc.standalone.js.map"


@cache
def bundle() -> tuple[bytes, str]:
    """The cleaned script and its ETag, built once per process."""
    path = finders.find(BUNDLE)
    if path is None:
        raise Http404("Redoc is not installed.")
    with open(path, "rb") as handle:
        script = handle.read().replace(THIRD_PARTY_LOGO, BLANK).replace(SOURCE_MAP, b"")
    return script, quote_etag(hashlib.sha256(script).hexdigest()[:32])


@require_safe
@condition(etag_func=lambda request: bundle()[1])
def redoc_script(request):
    script, _ = bundle()
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
