"""The input rules, one by one: what a hostile or broken request gets back, and in what shape."""

import json

import pytest

from surveillance_map.sightings.models import Sighting
from surveillance_map.transparency.models import Operator, Vendor

pytestmark = pytest.mark.django_db
SIGHTINGS = "/api/v1/sightings/"
GOOD = {"latitude": 47.38, "longitude": 8.54, "surveillance_type": "camera"}


def errors(response) -> dict:
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["errors"]
    return response.json()["errors"]


def post_json(client, body: str, **extra):
    return client.post(SIGHTINGS, body, content_type="application/json", **extra)


@pytest.mark.parametrize("path", ["/sightings/%00/", "/vendors/a%00b/", "/api/v1/vendors/%00/"])
def test_a_nul_byte_in_the_path_is_a_400(client, path):
    assert client.get(path).status_code == 400


def test_a_nul_byte_in_a_query_parameter_is_a_400_naming_it(client):
    response = client.get("/api/v1/cameras/", {"vendor": "axis\x00"})
    assert response.status_code == 400
    assert list(errors(response)) == ["vendor"]
    assert client.get("/map/search.json?q=%00").status_code == 400


def test_a_query_that_is_not_utf8_is_a_400(client):
    assert client.get("/map/search.json?q=%FF%FE").status_code == 400
    assert list(errors(client.get("/api/v1/cameras/?status=%C3%28"))) == ["detail"]


def test_a_form_body_with_a_nul_byte_is_a_400(client):
    response = client.post(
        "/submit/", "latitude=1&note=a%00b", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert not Sighting.objects.exists()


def test_a_cookie_holding_a_nul_byte_is_ignored(client):
    client.cookies["sessionid"] = "\x00" * 32
    assert client.get("/vendors/").status_code == 200


def test_an_unknown_api_path_and_a_wrong_method_answer_in_the_error_shape(client):
    assert errors(client.get("/api/v1/no-such-thing/")) == {"detail": ["Not found."]}
    response = client.delete("/api/v1/cameras/")
    assert response.status_code == 405 and list(errors(response)) == ["detail"]


def test_json_nested_too_deep_is_a_400(client):
    response = post_json(client, '{"note":' + "[" * 3000 + "]" * 3000 + "}")
    assert response.status_code == 400
    assert "nested deeper" in errors(response)["detail"][0]


def test_a_json_body_too_large_is_a_413_in_json(client, settings):
    settings.API_JSON_MAX_BYTES = 1000
    response = post_json(client, json.dumps({**GOOD, "note": "x" * 2000}))
    assert response.status_code == 413
    assert "too large" in errors(response)["detail"][0]


def test_any_body_over_the_upload_limit_is_a_413_before_it_is_read(client):
    response = client.post(SIGHTINGS, "{}", content_type="application/json", CONTENT_LENGTH=10**10)
    assert response.status_code == 413
    assert list(errors(response)) == ["detail"]


@pytest.mark.parametrize(
    "body",
    [
        '{"latitude": NaN, "longitude": 1}',
        '{"note": "\\ud800"}',
        '{"note": "a\\u0000b"}',
        b'{"note": "\xff"}',
    ],
)
def test_json_no_database_can_store_is_a_400(client, body):
    response = post_json(client, body)
    assert response.status_code == 400
    assert not Sighting.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("latitude", True, "Expected a number, not a boolean."),
        ("latitude", "47.4", "Expected a number, not a string."),
        ("direction", 90.5, "Expected a whole number, not a number."),
        ("camera", True, "Expected a whole number, not a boolean."),
        ("note", ["a"], "Expected a string, not a list."),
        ("operator_name", {"a": 1}, "Expected a string, not an object."),
        ("capabilities", "ptz", "Expected a list of strings, not a string."),
        ("capabilities", [1], "Expected a list of strings, not a list."),
    ],
)
def test_json_values_of_the_wrong_type_are_a_400_naming_the_field(client, field, value, message):
    response = post_json(client, json.dumps({**GOOD, field: value}))
    assert response.status_code == 400
    assert errors(response) == {field: [message]}
    assert not Sighting.objects.exists()


def test_json_null_means_not_given_and_whole_floats_are_whole_numbers(client):
    response = post_json(client, json.dumps({**GOOD, "direction": 90.0, "note": None}))
    assert response.status_code == 201
    assert Sighting.objects.get().direction == 90


def test_direction_changing_and_control_characters_leave_public_names(client):
    name = "\u202eAcme\u202c\u200b  Police\x07"
    response = post_json(client, json.dumps({**GOOD, "operator_name": name, "vendor_name": name}))
    assert response.status_code == 201
    sighting = Sighting.objects.get()
    assert sighting.operator_name == sighting.vendor_name == "Acme Police"


def test_a_note_keeps_its_lines_but_loses_overrides(client):
    post_json(client, json.dumps({**GOOD, "note": "line one\r\nline\u202e two\x1b"}))
    assert Sighting.objects.get().note == "line one\nline two"


def test_names_from_imports_are_cleaned_too():
    from surveillance_map.transparency.services import OperatorResolver, VendorResolver

    assert OperatorResolver().resolve("\u202eCity\u2066 Police").name == "City Police"
    assert VendorResolver().resolve("Axis\x00 Communications").name == "Axis Communications"
    assert Operator.objects.count() == Vendor.objects.count() == 1
