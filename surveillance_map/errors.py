"""Django's 400 and 404 handlers: JSON in the API's shape under /api/, Django's own pages
elsewhere (the 500 handler is lib/unavailable.server_error)."""

from django.core.exceptions import RequestDataTooBig
from django.views import defaults

from surveillance_map.lib.api import REQUEST, error_response, is_api


def bad_request(request, exception):
    if isinstance(exception, RequestDataTooBig):  # Django's form-body limit
        return error_response(request, 413, {REQUEST: ["Request body too large."]})
    if is_api(request):
        return error_response(request, 400, {REQUEST: ["Bad request."]})
    return defaults.bad_request(request, exception)


def not_found(request, exception):
    if is_api(request):
        return error_response(request, 404, {REQUEST: ["Not found."]})
    return defaults.page_not_found(request, exception)
