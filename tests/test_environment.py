"""The test run's own environment (tests/environment.py): a fresh Redis database per session."""

import pytest
import redis

from tests import environment

pytestmark = pytest.mark.skipif(not environment.TEST_REDIS_URL, reason="run without Redis")

LEFT_OVER = "ratelimit:submit:left-by-an-earlier-run:0"


def test_the_session_start_flushes_the_test_redis_database(pytestconfig):
    assert pytestconfig.pluginmanager.get_plugin("tests.environment") is environment
    server = redis.Redis.from_url(environment.TEST_REDIS_URL)
    server.set(LEFT_OVER, 30)
    environment.pytest_sessionstart(session=None)
    assert not server.exists(LEFT_OVER)


def test_a_production_redis_in_the_shell_is_never_flushed(monkeypatch):
    monkeypatch.setattr(environment, "_SHELL_REDIS_URL", environment.TEST_REDIS_URL)
    server = redis.Redis.from_url(environment.TEST_REDIS_URL)
    server.set(LEFT_OVER, 30)
    with pytest.raises(pytest.UsageError, match="REDIS_URL"):
        environment.pytest_sessionstart(session=None)
    assert server.exists(LEFT_OVER)
    server.delete(LEFT_OVER)
