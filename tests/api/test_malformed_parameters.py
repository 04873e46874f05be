"""A bad query parameter is a 400 whose JSON names the parameter, never a 500."""

import base64

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "param", "value"),
    [
        ("/api/v1/cameras/", "bbox", "1,2,3"),
        ("/api/v1/cameras/", "bbox", "a,b,c,d"),
        ("/api/v1/cameras/", "bbox", "10,0,5,1"),
        ("/api/v1/cameras/", "bbox", "0,0,200,1"),
        ("/api/v1/cameras/", "surveillance_type", "drone"),
        ("/api/v1/cameras/", "capability", "mind_reading"),
        ("/api/v1/cameras/", "status", "gone"),
        ("/api/v1/cameras/", "verified_since", "yesterday"),
        ("/api/v1/cameras/", "verified_since", "2024-02-30"),
        ("/api/v1/cameras/", "vendor_country", "China"),
        ("/api/v1/cameras/", "vendor", "<script>"),
        ("/api/v1/cameras/", "area", "atlantis"),
        ("/api/v1/cameras.geojson", "bbox", "1,2,3,x"),
        ("/api/v1/cameras.csv", "camera_type", "hidden"),
        ("/api/v1/changes/", "since", "last tuesday"),
        ("/api/v1/changes/", "cursor", "-1"),
    ],
)
def test_malformed_parameter_is_a_400_naming_it(client, path, param, value):
    response = client.get(path, {param: value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["errors"]
    assert list(response.json()["errors"]) == [param]
    assert response.json()["errors"][param][0]


def _cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "path", ["/api/v1/cameras/", "/api/v1/vendors/", "/api/v1/operators/", "/api/v1/areas/"]
)
@pytest.mark.parametrize(
    "cursor",
    [
        "!!not-base64",
        "ünïcode",
        _cursor("p=abc"),  # a position that is no id
        _cursor("p=99999999999999999999999"),
        _cursor("p=1\x00"),
        _cursor("o=-5"),
        _cursor("r=yes"),
    ],
)
def test_a_malformed_cursor_is_a_400_naming_it_on_every_paged_list(client, path, cursor):
    response = client.get(path, {"cursor": cursor})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]


@pytest.mark.parametrize("cursor", ["99999999999999999999.1", "١٢.٣", "1.2.3", "."])
def test_a_malformed_change_feed_cursor_is_a_400(client, cursor):
    response = client.get("/api/v1/changes/", {"cursor": cursor})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]


@pytest.mark.parametrize("limit", ["²", "0", "501", "1e3", "-1"])
def test_a_bad_change_feed_limit_is_a_400(client, limit):
    response = client.get("/api/v1/changes/", {"limit": limit})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["limit"]
