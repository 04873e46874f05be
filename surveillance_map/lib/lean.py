"""A WSGI application that serves some paths through a shorter middleware stack.

A cached tile costs well under a millisecond to find; a session, the language, CSRF, the
user, two-factor state and messages would cost more than that, and a tile uses none of them.
Requests under LEAN_PATHS (settings) go through LEAN_MIDDLEWARE, which keeps every security
header, the outage answer, the replica choice, the input checks and the host check; the rest
of the site goes through MIDDLEWARE. `django.test.Client` always uses MIDDLEWARE, so tests of
the lean paths call `application` itself (tests/maps/test_lean_stack.py).
"""

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler


class LeanHandler(WSGIHandler):
    """Django's WSGI handler with LEAN_MIDDLEWARE instead of MIDDLEWARE."""

    def load_middleware(self, is_async=False):
        # Django reads settings.MIDDLEWARE here only; this runs once, before any request.
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.LEAN_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


class CheckHost:
    """The ALLOWED_HOSTS check, which CommonMiddleware makes on the full stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.get_host()  # DisallowedHost: a 400, as everywhere else
        return self.get_response(request)


def dispatching(full, lean, prefixes: tuple[str, ...]):
    """One WSGI application: paths starting with one of `prefixes` go to `lean`."""

    def application(environ, start_response):
        if environ.get("PATH_INFO", "").startswith(prefixes):
            return lean(environ, start_response)
        return full(environ, start_response)

    return application
