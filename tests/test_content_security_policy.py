"""Every page carries a strict CSP whose nonce is the one our inline scripts use."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.factories import log_in_verified, make_camera

pytestmark = pytest.mark.django_db


def csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_the_map_page_scripts_carry_the_response_nonce(client):
    response = client.get("/")
    policy = csp(response)
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"])[1]
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert inline, "the map page has inline scripts (import map, map loader)"
    for attributes in inline:
        assert f'nonce="{nonce}"' in attributes or 'type="application/json"' in attributes
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"


def test_each_response_gets_a_new_nonce(client):
    assert csp(client.get("/"))["script-src"] != csp(client.get("/"))["script-src"]


def test_only_the_embed_may_be_framed_by_other_sites(client):
    assert csp(client.get("/embed/"))["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in client.get("/embed/")


def test_the_admin_map_widget_uses_the_nonce(client):
    log_in_verified(client, get_user_model().objects.create_superuser("root", password="x"))
    response = client.get(f"/admin/cameras/camera/{make_camera().pk}/change/")
    nonce = re.search(r"'nonce-([^']+)'", csp(response)["script-src"])[1]
    assert f'<script nonce="{nonce}">' in response.content.decode()


def test_images_come_from_no_host_but_ours(client, settings):
    settings.BASEMAP_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert csp(client.get("/"))["img-src"] == "'self' data:"
