"""503 Service Unavailable, with Retry-After, when the database or Redis cannot be reached.

An outage is not a bug: clients and load balancers should wait and retry, and nobody should
see a traceback. API clients get JSON, people a short page that needs neither database nor
cache to render. Any other error stays a 500.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from surveillance_map.lib.api import error_body

OUTAGES = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
logger = logging.getLogger("surveillance_map.unavailable")


def wants_json(request) -> bool:
    return request.path.startswith("/api/") or request.path.endswith((".json", ".geojson"))


def unavailable_response(request) -> HttpResponse:
    seconds = settings.RETRY_AFTER_SECONDS
    if wants_json(request):
        response = JsonResponse(
            error_body(f"Service temporarily unavailable; retry in {seconds} seconds."),
            status=503,
        )
    else:
        response = HttpResponse(
            render_to_string("unavailable.html", {"seconds": seconds}), status=503
        )
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def is_outage(error: BaseException | None) -> bool:
    return isinstance(error, OUTAGES)


class ServiceUnavailableMiddleware:
    """Turns an outage raised by a view into a 503 (see also `server_error` below)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_outage(exception):
            # The path only: no client address, agent or query string in the log.
            logger.warning("503 on %s: %s", request.path, type(exception).__name__)
            return unavailable_response(request)
        return None


def server_error(request, *args, **kwargs):
    """handler500: an outage raised outside a view (sessions, auth middleware) is a 503 too."""
    if is_outage(sys.exc_info()[1]):
        return unavailable_response(request)
    if wants_json(request):
        return JsonResponse(error_body("Server error."), status=500)
    return defaults.server_error(request, *args, **kwargs)
