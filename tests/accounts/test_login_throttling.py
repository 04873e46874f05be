"""Password guessing is throttled per account and per client address, on every login form, and
the lockout says nothing about whether an account exists."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import make_user, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/moderation/login/"
LOCKED = "Too many failed attempts"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    return make_user("alice", moderator=True)  # password "pw-alice"


def attempt(client, username, password, url=LOGIN, address="198.51.100.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def page_text(response) -> str:
    """The page without its per-request tokens, to compare two answers."""
    text = response.content.decode()
    return re.sub(r'value="[^"]*"', 'value=""', text)


def test_an_account_locks_after_five_failures_even_for_the_right_password(client, alice, settings):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        response = attempt(client, "alice", "guess")
        assert response.status_code == 200 and LOCKED not in response.content.decode()
    response = attempt(client, "alice", "guess")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    response = attempt(Client(), "alice", "pw-alice", address="192.0.2.99")  # another machine
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not logged_in(client)


def test_a_lockout_looks_the_same_for_an_account_that_does_not_exist(client, alice, settings):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        attempt(client, "alice", "guess", address="192.0.2.1")
        attempt(client, "nobody-here", "guess", address="192.0.2.2")
    real = attempt(client, "alice", "guess", address="192.0.2.1")
    fake = attempt(client, "nobody-here", "guess", address="192.0.2.2")
    assert real.status_code == fake.status_code == 429
    assert page_text(real).replace("alice", "NAME") == page_text(fake).replace(
        "nobody-here", "NAME"
    )


def test_one_address_trying_many_names_is_locked_out(client, alice, settings):
    for i in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        attempt(client, f"user{i}", "guess", address="203.0.113.5")
    assert attempt(client, "alice", "pw-alice", address="203.0.113.5").status_code == 429
    assert not logged_in(client)
    other = Client()
    assert attempt(other, "alice", "pw-alice", address="203.0.113.6").status_code == 302
    assert logged_in(other)


def test_a_successful_login_clears_the_accounts_count(client, alice, settings):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        attempt(client, "alice", "guess", address="192.0.2.1")
    assert attempt(client, "alice", "pw-alice", address="192.0.2.2").status_code == 302
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        attempt(Client(), "alice", "guess", address="192.0.2.3")
    assert attempt(Client(), "alice", "pw-alice", address="192.0.2.4").status_code == 302


def test_the_admin_login_is_throttled_too(client, alice, settings):
    alice.is_staff = True
    alice.save()
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        attempt(client, "alice", "guess", url="/admin/login/")
    response = attempt(client, "alice", "pw-alice", url="/admin/login/")
    assert LOCKED in response.content.decode()
    assert not logged_in(client)


def test_names_are_case_insensitive_for_counting(client, alice, settings):
    for i in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        attempt(client, "ALICE" if i % 2 else "alice ", "guess")
    assert attempt(Client(), "alice", "pw-alice", address="192.0.2.50").status_code == 429


def test_wrong_one_time_codes_count_as_failures(client, alice, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # only our counter here, not django-otp's own delay
    assert attempt(client, "alice", "pw-alice").status_code == 302
    wrong = "000000" if totp_code(device) != "000000" else "111111"
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        response = client.post("/moderation/two-factor/", {"token": wrong}, REMOTE_ADDR="192.0.2.8")
        assert response.status_code in (400, 429)
    response = client.post(
        "/moderation/two-factor/", {"token": totp_code(device)}, REMOTE_ADDR="192.0.2.8"
    )
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert client.get("/moderation/").status_code == 302  # still not through


def cache_keys() -> list[str]:
    """Every key in the cache: Redis (as `make test` runs) or the in-process cache."""
    backend = cache._cache
    if hasattr(backend, "get_client"):
        return [key.decode() for key in backend.get_client().keys("*")]
    return [str(key) for key in backend]


def test_the_counters_hold_no_name_and_no_address(client, alice):
    attempt(client, "alice", "guess", address="198.51.100.77")
    keys = " ".join(cache_keys())
    assert "accounts:login-failures" in keys
    assert "alice" not in keys and "198.51.100.77" not in keys


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(client, alice, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for i in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        client.post(
            LOGIN,
            {"username": f"user{i}", "password": "guess"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    locked = Client().post(
        LOGIN,
        {"username": "alice", "password": "pw-alice"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    other = Client().post(
        LOGIN,
        {"username": "alice", "password": "pw-alice"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.10",
    )
    assert (locked.status_code, other.status_code) == (429, 302)
