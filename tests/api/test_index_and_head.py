"""Link checkers and API clients: /api/v1/ lists the endpoints, and HEAD works wherever GET does."""

import pytest

from tests.factories import log_in_verified
from tests.site_pages import make_site

pytestmark = pytest.mark.django_db


def test_the_api_root_lists_the_endpoints_the_schema_and_the_docs(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert body["schema"].endswith("/api/v1/schema/")
    assert body["docs"].endswith("/api/v1/docs/")
    for endpoint in body["endpoints"].values():
        assert client.get(endpoint["url"]).status_code in (200, 405), endpoint  # 405: POST only


def test_every_page_answers_head_as_it_answers_get(client):
    site = make_site()
    paths = [*site["pages"].values(), "/api/v1/", "/api/v1/cameras/", "/tiles/version.json"]
    for path in paths:
        assert client.get(path).status_code == 200, path
        head = client.head(path)
        assert head.status_code == 200, path
        assert head.content == b""
    log_in_verified(client, site["moderator"])
    for path in site["moderation"].values():
        assert client.head(path).status_code == 200, path
