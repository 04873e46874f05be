"""A corpus of hostile input against every URL pattern: never a 5xx.

The URL resolver is walked, so a new page or endpoint is covered without touching this file.
Each pattern is requested with hostile values in its path parameters, and its first variant
with hostile query strings and bodies (NUL bytes, bytes that are not UTF-8, overlong values,
deep or mistyped JSON, path traversal, SQL-looking and markup-looking text, direction-changing
characters, numbers out of every range), once as an anonymous visitor and once as a moderator.
"""

import json
import re
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from surveillance_map.cameras.filters import FILTER_PARAMS

LONG = "x" * 5000
PATH_VALUES = [
    "1",
    "0",
    "99999999999999999999999",
    "%00",
    "a%00b",
    "%FF%FE",
    "%C3%28",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "....//....//etc/passwd",
    "%27%20OR%201%3D1--",
    "%3Cscript%3E",
    "%E2%80%AEevil",
    "%C2%B2",
    "-1",
    LONG,
]
HOSTILE_VALUES = [
    "\x00",
    "' OR 1=1--",
    "1; DROP TABLE cameras_camera",
    "../../../etc/passwd",
    "<script>alert(1)</script>",
    "\u202eevil",
    "²",
    "-99999999999999999999999",
    "nan",
    "inf",
    "1e999",
    LONG,
    "",
]
QUERY_NAMES = [
    *(param.name for param in FILTER_PARAMS),
    "q",
    "page",
    "page_size",
    "cursor",
    "since",
    "limit",
    "lat",
    "lon",
    "camera",
    "kind",
    "country",
    "next",
    "v",
    "l",
    "o",
    "p",
    "e",
    "_changelist_filters",
]
RAW_QUERIES = ["%FF=1", "q=%FF%FE", "a%00=1", "q=%00", "cursor=%00", "page=%C2%B2", "=&&=&"]
JSON_BODIES = [
    "[" * 5000 + "]" * 5000,
    '{"a":' * 3000 + "1" + "}" * 3000,
    json.dumps({"latitude": True, "longitude": [], "note": {"a": 1}, "camera": "1"}),
    json.dumps({"latitude": 1e308, "longitude": -1e308, "direction": 10**30}),
    json.dumps({"note": "\ud800", "kind": "\x00"}),
    '{"latitude": NaN, "longitude": Infinity}',
    json.dumps({"capabilities": "ptz", "photos": ["x"], "kind": ["new"]}),
    json.dumps(["not", "an", "object"]),
    json.dumps({"operator_name": "\u202eevil\u202c", "vendor_name": LONG}),
    '{"a": "' + "x" * 200_000 + '"}',
    "\xff\xfe not utf-8",
    "",
]


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _concrete(template: str, value: str) -> str:
    """A path from a route or regex pattern with every parameter set to `value`."""
    path = re.sub(r"<[^>]+>", lambda _: value, template)  # path() converters
    path = re.sub(r"\(\?P<\w+>[^)]*\)", lambda _: value, path)  # re_path() groups
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("\\", "")
    return "/" + path.lstrip("/")


def url_templates() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def _queries() -> list[str]:
    queries = list(RAW_QUERIES)
    for value in HOSTILE_VALUES:
        queries.append("&".join(f"{name}={quote(value)}" for name in QUERY_NAMES))
    return queries


# Django's admin (staff only) gets a few path values; the schema and its docs page read no
# input but their path (and take long to build, so are asked fewer times).
PATH_ONLY = ("admin/", "api/v1/schema/", "api/v1/docs/")
# What a moderator reaches beyond a visitor; the second pass covers these.
MODERATOR_ONLY = ("moderation/", "cameras/<int:camera_id>/", "photos/")


def _requests(template: str):
    """(method, path, extra) triples: every path value, then bodies and queries on one path."""
    if template.startswith(PATH_ONLY):
        for value in ("1", "%00", "%FF", LONG):
            yield "get", _concrete(template, value), {}
        return
    for value in PATH_VALUES:
        yield "get", _concrete(template, value), {}
    path = _concrete(template, "1")
    for query in _queries():
        yield "get", f"{path}?{query}", {}
    for body in JSON_BODIES:
        yield "post", path, {"data": body, "content_type": "application/json"}
    for value in HOSTILE_VALUES:
        form = {name: value for name in [*QUERY_NAMES, "latitude", "longitude", "note"]}
        yield "post", path, {"data": form}
    yield "post", path, {"data": "a=%00&b=%FF", "content_type": "application/x-www-form-urlencoded"}
    yield (
        "post",
        path,
        {"data": b"--x\r\nbroken", "content_type": "multipart/form-data; boundary=x"},
    )
    yield "put", path, {"data": "{}", "content_type": "application/json"}
    yield "get", path, {"HTTP_COOKIE": 'sessionid="\\000\\000\\000\\000\\000\\000\\000\\000"'}
    yield "get", path, {"HTTP_ACCEPT_LANGUAGE": "\x00;q=x," * 50, "HTTP_IF_NONE_MATCH": LONG}


def _server_errors(client: Client, prefixes: tuple[str, ...] = ("",)) -> list[str]:
    errors = []
    for template in url_templates():
        if not template.startswith(prefixes):
            continue
        for method, path, extra in _requests(template):
            response = getattr(client, method)(path, **extra)
            if response.status_code >= 500:
                errors.append(f"{response.status_code} {method.upper()} {path[:200]}")
    return errors


@pytest.fixture
def hostile_client(world):
    client = Client(raise_request_exception=False)  # collect every 5xx, then report them all
    return client


def test_no_hostile_request_is_a_server_error_for_a_visitor(hostile_client):
    errors = _server_errors(hostile_client)
    assert not errors, "\n".join(errors)


def test_no_hostile_request_is_a_server_error_for_a_moderator(hostile_client, django_user_model):
    moderator = django_user_model.objects.create_user("mod", password="x", is_staff=True)
    moderator.user_permissions.add(
        Permission.objects.get(codename="moderate", content_type__app_label="sightings")
    )
    hostile_client.force_login(moderator)
    errors = _server_errors(hostile_client, MODERATOR_ONLY)
    assert not errors, "\n".join(errors)


def test_the_walk_reaches_every_part_of_the_site():
    templates = url_templates()
    for expected in ("api/v1/", "submit/", "moderation/", "vendors/", "areas/", "data/", "tiles/"):
        assert any(t.startswith(expected) for t in templates), expected
