"""A strict Content Security Policy on every response (docs/security.md).

Scripts run only from our own origin or with this response's nonce, so injected markup can't
execute; the browser may fetch from no host but ours (basemap tiles come through our own
/basemap/ proxy). The nonce is `request.csp_nonce`, the name django-leaflet's widgets read.
"""

import secrets


def policy(nonce: str, *, framable: bool) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        # Leaflet and Redoc position elements with inline styles.
        "style-src": "'self' 'unsafe-inline'",
        # data: is Leaflet's blank placeholder tile, not a host.
        "img-src": "'self' data:",
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
