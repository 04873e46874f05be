"""One shape for every error of the JSON API, and JSON bodies of bounded size and depth.

Every API error is `{"errors": {NAME: [MESSAGE, ...]}}`: NAME is the field or query parameter
at fault, or `detail` when the request as a whole is refused (not found, wrong method, body too
large, too many requests). The same shape comes from DRF's views (`exception_handler`), from
Django's own 400/404/500 handlers for paths under /api/ (`error_response`) and from the input
checks that run before any view (surveillance_map/inputs.py).
"""

import json
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponse, JsonResponse
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.views import exception_handler as drf_exception_handler

from surveillance_map.lib.text import is_encodable

API_PREFIX = "/api/"
REQUEST = "detail"  # the name of errors about the request as a whole


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def error_body(errors) -> dict:
    """`{"errors": {name: [messages]}}` from DRF's error data, a message, or a dict of them."""
    if isinstance(errors, dict):
        if set(errors) == {"detail"} and not isinstance(errors["detail"], list | dict):
            return {"errors": {REQUEST: [str(errors["detail"])]}}
        return {"errors": {str(name): _messages(value) for name, value in errors.items()}}
    return {"errors": {REQUEST: _messages(errors)}}


def _messages(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [m for item in value for m in _messages(item)]
    if isinstance(value, dict):  # nested serializer errors: "child: message"
        return [f"{key}: {m}" for key, item in value.items() for m in _messages(item)]
    return [str(value)]


def error_response(request, status_code: int, errors) -> HttpResponse:
    """The error as API JSON under /api/, as plain text elsewhere."""
    body = error_body(errors)
    if is_api(request):
        return JsonResponse(body, status=status_code)
    text = "\n".join(
        (f"{name}: {m}" if name != REQUEST else m)
        for name, messages in body["errors"].items()
        for m in messages
    )
    return HttpResponse(text + "\n", status=status_code, content_type="text/plain; charset=utf-8")


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "too_large"


def exception_handler(exc, context):
    """DRF's handler, with Django's refusals of a body turned into API errors, in our shape."""
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, SuspiciousOperation):  # too many fields or files, a bad multipart body
        exc = ParseError(str(exc) or "Malformed request.")
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = error_body(response.data)
    return response


def _too_deep(text: str, limit: int) -> bool:
    """True when arrays/objects nest deeper than `limit` (strings skipped; no recursion)."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth -= 1
    return False


_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _check_strings(value, path: str = "") -> None:
    if isinstance(value, str):
        if not is_encodable(value):
            raise ParseError(f"{path or 'body'}: text holds a NUL byte or a lone surrogate.")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key, path)
            _check_strings(item, key if not path else f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            _check_strings(item, path)


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")


class BoundedJSONParser(JSONParser):
    """JSON bodies of at most API_JSON_MAX_BYTES (413 above), nested at most API_JSON_MAX_DEPTH
    deep, UTF-8, without NaN/Infinity, NUL bytes or lone surrogates (400 otherwise)."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_JSON_MAX_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge(f"JSON body too large: at most {limit} bytes.")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ParseError("JSON body is not UTF-8.") from None
        if _too_deep(text, settings.API_JSON_MAX_DEPTH):
            raise ParseError(f"JSON nested deeper than {settings.API_JSON_MAX_DEPTH} levels.")
        try:
            data = json.loads(text, parse_constant=_no_constants)
        except (ValueError, RecursionError) as error:
            raise ParseError(f"JSON parse error: {error}") from None
        _check_strings(data)
        return data
