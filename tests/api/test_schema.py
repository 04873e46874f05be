"""The API describes itself: a valid OpenAPI 3 schema, generated without warnings."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_validates_and_generates_without_warnings(tmp_path):
    # --fail-on-warn turns any drf-spectacular warning into a failure; --validate checks the
    # result against the OpenAPI 3 JSON schema.
    out = tmp_path / "schema.yaml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(out), stderr=io.StringIO()
    )
    text = out.read_text()
    assert text.startswith("openapi: 3")
    for path in ("/api/v1/cameras/", "/api/v1/cameras.geojson", "/api/v1/changes/"):
        assert f"{path}:" in text


def test_schema_endpoint_serves_json(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_the_docs_page_and_its_script_are_ours_and_call_no_cdn(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert '<script src="/api/v1/docs/redoc.standalone.js">' in page
    assert "https://" not in page
    response = client.get("/api/v1/docs/redoc.standalone.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    script = response.content
    assert b"Redoc" in script and b"cdn.redoc.ly" not in script
    again = client.get("/api/v1/docs/redoc.standalone.js", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
