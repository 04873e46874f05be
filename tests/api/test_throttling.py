"""Anonymous clients are rate limited without the server keeping their address."""

import pytest
from django.core.cache import cache

from surveillance_map.api.throttling import HashedAnonRateThrottle
from tests.cachekeys import cache_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_per_minute(monkeypatch):
    monkeypatch.setattr(HashedAnonRateThrottle, "rate", "2/minute", raising=False)
    cache.clear()
    yield
    cache.clear()


def test_the_third_request_in_a_minute_is_429_with_a_json_reason(client, two_per_minute):
    for _ in range(2):
        assert client.get("/api/v1/capabilities/").status_code == 200
    response = client.get("/api/v1/capabilities/")
    assert response.status_code == 429
    assert "throttled" in response.json()["errors"]["detail"][0].lower()


def test_the_rate_limit_key_holds_no_address(client, two_per_minute):
    client.get("/api/v1/capabilities/", REMOTE_ADDR="203.0.113.7")
    keys = cache_keys()  # the keys the throttle wrote
    assert keys and not any("203.0.113.7" in key for key in keys)
