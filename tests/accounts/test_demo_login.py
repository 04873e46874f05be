"""The demo moderator of `make run` (a published password) cannot log into a DEBUG=0 server."""

import pytest
from django.contrib.auth import authenticate, get_user_model

from surveillance_map.accounts.demo import DEMO_PASSWORD, DEMO_USERNAME
from surveillance_map.imports.management.commands.load_demo import Command as DemoCommand

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_user():
    DemoCommand()._moderator()  # the part of `load_demo` that makes the demo moderator
    return get_user_model().objects.get(username=DEMO_USERNAME)


def test_the_demo_login_is_refused_with_debug_off(client, demo_user):
    assert authenticate(username=DEMO_USERNAME, password=DEMO_PASSWORD) is None
    response = client.post(
        "/moderation/login/", {"username": DEMO_USERNAME, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    admin = client.post("/admin/login/", {"username": DEMO_USERNAME, "password": DEMO_PASSWORD})
    assert admin.status_code == 200 and "_auth_user_id" not in client.session


def test_the_demo_login_works_on_a_debug_server(client, demo_user, settings):
    settings.DEBUG = True
    assert authenticate(username=DEMO_USERNAME, password=DEMO_PASSWORD) == demo_user
    response = client.post(
        "/moderation/login/", {"username": DEMO_USERNAME, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_a_demo_session_from_a_debug_run_ends_when_debug_is_off(client, demo_user, settings):
    settings.DEBUG = True
    settings.TWO_FACTOR_REQUIRED = False
    client.force_login(demo_user)
    assert client.get("/moderation/").status_code == 200
    settings.DEBUG = False
    response = client.get("/moderation/")
    assert response.status_code == 302 and response["Location"].startswith("/moderation/login/")


def test_other_accounts_are_not_affected(client, demo_user):
    get_user_model().objects.create_user("carol", password="carol-long-password")
    assert authenticate(username="carol", password="carol-long-password") is not None
