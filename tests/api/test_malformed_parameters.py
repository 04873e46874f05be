"""A bad query parameter is a 400 whose JSON names the parameter, never a 500."""

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
    assert list(response.json()) == [param]
    assert response.json()[param][0]


def test_a_forged_cursor_is_not_a_500(client):
    response = client.get("/api/v1/cameras/", {"cursor": "!!not-base64"})
    assert response.status_code == 404
    assert "cursor" in response.json()["detail"].lower()
