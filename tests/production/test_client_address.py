"""One client address for every limit: forwarded headers count only through trusted proxies."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from surveillance_map.api.throttling import HashedAnonRateThrottle
from surveillance_map.lib import ratelimit
from surveillance_map.lib.client import client_address, client_key

NGINX = "127.0.0.1"


def request(remote=NGINX, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_through_a_trusted_proxy_the_address_it_saw_counts(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(request(NGINX, "203.0.113.9")) == "203.0.113.9"
    # What the client wrote itself sits left of what the proxy appended: ignored.
    assert client_address(request(NGINX, "10.9.9.9, 203.0.113.9")) == "203.0.113.9"


def test_a_header_from_an_untrusted_address_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert client_address(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_a_chain_of_trusted_proxies_is_walked_to_the_first_stranger(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    chain = "1.1.1.1, 203.0.113.9, 10.0.0.5"
    assert client_address(request(NGINX, chain)) == "203.0.113.9"


def test_a_hop_count_takes_that_many_entries_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["2"]  # a CDN, then nginx
    assert client_address(request(NGINX, "6.6.6.6, 203.0.113.9, 192.0.2.1")) == "203.0.113.9"
    assert client_address(request(NGINX, "")) == NGINX  # nothing forwarded: the peer


def test_garbage_in_the_header_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(request(NGINX, "not-an-address")) == NGINX


def test_a_bad_setting_fails_loudly(settings):
    settings.TRUSTED_PROXIES = ["nginx.internal"]
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        client_address(request())


def test_a_spoofed_header_gains_nothing_against_the_api_limit(settings, db):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    cache.clear()
    throttle = HashedAnonRateThrottle()
    throttle.rate, (throttle.num_requests, throttle.duration) = "3/day", (3, 86400)
    verdicts = [
        throttle.allow_request(request(NGINX, f"10.0.0.{n}, 203.0.113.9"), None) for n in range(5)
    ]
    assert verdicts == [True, True, True, False, False]
    assert throttle.wait() >= 1


def test_the_key_is_the_same_for_the_same_client_through_any_proxy_header(settings, db):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    cache.clear()
    direct = client_key(request("203.0.113.9"))
    assert client_key(request(NGINX, "203.0.113.9")) == direct
    assert "203.0.113.9" not in direct


def test_the_counter_is_atomic_across_many_threads(db):
    """Many workers counting at once: exactly `limit` are let through."""
    from concurrent.futures import ThreadPoolExecutor

    cache.clear()

    def one(_):
        return ratelimit.hit("test", "someone", limit=50, window=86400).allowed

    with ThreadPoolExecutor(8) as pool:
        allowed = sum(pool.map(one, range(200)))
    assert allowed == 50
