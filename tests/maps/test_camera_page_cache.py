"""The anonymous camera page comes from the shared cache (maps/camera_page.py), keyed on the
data version, the page version and the language: a change shows at once, and a moderator
never gets, nor fills, the shared page."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from surveillance_map.cameras import services
from surveillance_map.maps.camera_page import page_key
from surveillance_map.transparency.models import Evidence
from tests.factories import log_in_verified, make_camera, make_moderator, make_sighting

pytestmark = pytest.mark.django_db


def url(camera) -> str:
    return f"/cameras/{camera.pk}/"


def test_an_anonymous_page_is_served_from_the_cache(client, django_assert_max_num_queries):
    camera = make_camera(name="Gate")
    first = client.get(url(camera)).content.decode()
    with django_assert_max_num_queries(1):  # the versions (read fresh in tests)
        again = client.get(url(camera)).content.decode()
    assert "Gate" in again
    # The same page but for what each response has of its own (CSP nonce, CSRF token).
    assert first.split('<main id="main">')[1].split("camera-minimap")[0] in again


def test_a_change_to_the_camera_shows_at_once(client):
    camera = make_camera(name="Gate")
    before = page_key(camera.pk)
    assert "Gate" in client.get(url(camera)).content.decode()
    services.camera_update(camera=camera, fields={"name": "Side door"}, actor_label="t")
    assert page_key(camera.pk) != before
    page = client.get(url(camera)).content.decode()
    assert "Side door" in page and "Gate" not in page


def test_a_confirmation_and_new_evidence_show_at_once(client):
    camera = make_camera(name="Gate")
    assert "Confirmed by 0 sightings" in client.get(url(camera)).content.decode()
    make_sighting(kind="confirm", camera=camera)
    assert "Confirmed by 1 sighting." in client.get(url(camera)).content.decode()
    make_sighting(kind="confirm", camera=camera)  # same day: the camera itself is unchanged
    assert "Confirmed by 2 sightings" in client.get(url(camera)).content.decode()
    Evidence.objects.create(camera=camera, kind="procurement", title="Tender 2024/17")
    assert "Tender 2024/17" in client.get(url(camera)).content.decode()


def test_the_language_is_part_of_the_key(client):
    camera = make_camera()
    english = client.get(url(camera)).content.decode()
    spanish = client.get(url(camera), headers={"accept-language": "es"}).content.decode()
    assert "Who runs it, who made it" in english
    assert "Who runs it, who made it" not in spanish


def test_a_moderator_never_gets_nor_fills_the_shared_page(client):
    camera = make_camera()
    moderator = make_moderator()
    log_in_verified(client, moderator)
    own = client.get(url(camera)).content.decode()
    assert 'id="moderator-check"' in own
    assert cache.get(page_key(camera.pk)) is None  # nothing of a moderator's page is shared
    client.logout()
    shared = client.get(url(camera)).content.decode()
    assert 'id="moderator-check"' not in shared
    assert cache.get(page_key(camera.pk)) is not None
    log_in_verified(client, moderator)
    assert 'id="moderator-check"' in client.get(url(camera)).content.decode()


def test_a_visitor_with_a_session_gets_a_page_of_their_own(client):
    camera = make_camera()
    client.cookies["sessionid"] = "someone"
    client.get(url(camera))
    assert cache.get(page_key(camera.pk)) is None


def test_each_shared_page_carries_its_own_nonce_and_a_working_csrf_token():
    camera = make_camera(name="Gate")
    pages = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get(url(camera))
        html = response.content.decode()
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        assert set(re.findall(r'nonce="([^"]*)"', html)) == {nonce}
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        switched = visitor.post(
            "/i18n/setlang/", {"language": "es", "next": url(camera), "csrfmiddlewaretoken": token}
        )
        assert switched.status_code == 302  # the token is valid for this visitor's cookie
        pages.append((nonce, html))
    assert cache.get(page_key(camera.pk)) is not None
    (first_nonce, first), (second_nonce, second) = pages
    assert first_nonce != second_nonce
    assert first.replace(first_nonce, "") != first  # and the rest is the shared page:
    assert re.sub(r"(nonce|value)=\"[^\"]*\"", "", first) == re.sub(
        r"(nonce|value)=\"[^\"]*\"", "", second
    )


def test_a_url_with_a_query_string_gets_a_page_of_its_own(client):
    camera = make_camera()
    page = client.get(url(camera) + "?from=feed").content.decode()
    assert f'value="/cameras/{camera.pk}/?from=feed"' in page  # where the language form returns
    assert cache.get(page_key(camera.pk)) is None


def test_another_spelling_of_the_url_gets_a_page_of_its_own(client):
    camera = make_camera()
    assert client.get(f"/cameras/000{camera.pk}/").status_code == 200
    assert cache.get(page_key(camera.pk)) is None
    client.get(f"/cameras/{camera.pk}/?&")  # a query string that names nothing
    assert cache.get(page_key(camera.pk)) is None
