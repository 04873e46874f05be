"""Refuse input that no view can use before any view sees it.

A NUL byte reaches PostgreSQL as an error ("cannot contain NUL"), and bytes that are not UTF-8
are silently replaced by Django; neither may surface as a 500 or be stored. So the path, the
query string and form-encoded bodies are checked here: NUL (anywhere) or undecodable text (in
parameters) is a 400 naming the parameter, a body over the size limit a 413 (JSON under /api/,
see lib/api.py). Cookies holding such text are dropped (the session would otherwise look the
NUL up in the database). Django itself keeps undecodable path bytes percent-encoded, which no
URL matches (404).
"""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.handlers.wsgi import get_bytes_from_wsgi

from surveillance_map.lib.api import REQUEST, error_response
from surveillance_map.lib.text import is_encodable

FORM = "application/x-www-form-urlencoded"


class InputProblem(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def _decoded(raw: bytes, what: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputProblem(REQUEST, f"The {what} is not valid UTF-8.") from None
    return text


def check_pairs(raw: bytes, what: str) -> None:
    """Every name and value of a query string or form body decodes to text without NUL."""
    for pair in raw.split(b"&"):
        name, _, value = pair.partition(b"=")
        name = _decoded(unquote_to_bytes(name.replace(b"+", b" ")), what)
        value = _decoded(unquote_to_bytes(value.replace(b"+", b" ")), what)
        if "\x00" in name:
            raise InputProblem(REQUEST, f"A {what} parameter name holds a NUL byte.")
        if "\x00" in value:
            raise InputProblem(name, "Holds a NUL byte.")


def check_path(path: str) -> None:
    """Django keeps bytes of the path that are not UTF-8 percent-encoded (no URL matches them:
    a 404); a NUL byte would reach the database through a <str:…> parameter."""
    if "\x00" in path:
        raise InputProblem(REQUEST, "The path holds a NUL byte.")


def max_body_bytes() -> int:
    """The largest request body anyone may send: the most photos at the largest size."""
    return settings.SIGHTING_PHOTOS_MAX * settings.SIGHTING_PHOTO_MAX_BYTES + 1024 * 1024


class UntrustedInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            self._check(request)
        except InputProblem as problem:
            return error_response(request, 400, {problem.name: [str(problem)]})
        except RequestDataTooBig:
            return self._too_large(request)
        for name, value in list(request.COOKIES.items()):
            if not is_encodable(value):
                del request.COOKIES[name]
        return self.get_response(request)

    def _check(self, request) -> None:
        check_path(request.path_info)
        check_pairs(get_bytes_from_wsgi(request.META, "QUERY_STRING", ""), "query")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise InputProblem(REQUEST, "Content-Length is not a number.") from None
        if length > max_body_bytes():
            raise RequestDataTooBig()
        if request.method == "POST" and request.content_type == FORM:
            check_pairs(request.body, "form")  # request.body: 413 above DATA_UPLOAD_MAX_…

    @staticmethod
    def _too_large(request):
        limit = max_body_bytes() // (1024 * 1024)
        return error_response(
            request, 413, {REQUEST: [f"Request body too large (at most {limit} MB)."]}
        )
