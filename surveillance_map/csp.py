"""A strict Content Security Policy on every response (docs/security.md).

Scripts run only from our own origin or with this response's nonce, so injected markup can't
execute; the browser may fetch from no host but ours and the configured basemap. The nonce is
`request.csp_nonce`, the name django-leaflet's widgets read.
"""

import secrets
from urllib.parse import urlsplit

from django.conf import settings


def basemap_origin(url: str) -> str:
    """The basemap's origin as a CSP source (`{s}` subdomains become a wildcard)."""
    if not url:
        return ""
    parts = urlsplit(url.replace("{s}.", "*."))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def policy(nonce: str, *, framable: bool) -> str:
    basemap = basemap_origin(settings.BASEMAP_URL)
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        # Leaflet and Redoc position elements with inline styles.
        "style-src": "'self' 'unsafe-inline'",
        "img-src": f"'self' data: blob: {basemap}".strip(),
        "worker-src": "'self' blob:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        # The embed is made to be framed by other sites; nothing else is.
        "frame-ancestors": "*" if framable else "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        framable = getattr(response, "xframe_options_exempt", False)
        response.setdefault("Content-Security-Policy", policy(request.csp_nonce, framable=framable))
        return response
