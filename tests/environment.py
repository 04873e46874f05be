"""Defaults for a test run, loaded by pytest (`-p tests.environment`) before Django starts.

`make test` sets DATABASE_URL itself; these defaults let `.venv/bin/pytest` work alone too.
"""

import atexit
import os
import shutil
import tempfile

import pytest

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/surveillance_map")
os.environ.setdefault("TEST_DATABASE_NAME", "test_surveillance_map")
# Files a run writes (dataset snapshots, media, import reports, the basemap cache) go to a
# directory of its own, removed at the end: the checkout's var/ is `make run`'s, and its
# snapshots would show on the tests' /data/ pages. A VAR_DIR in the shell is never used.
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="sm-test-var-")
atexit.register(shutil.rmtree, os.environ["VAR_DIR"], ignore_errors=True)
# No third-party basemap in tests: the browser suite proves pages talk to no host but ours.
os.environ.setdefault("BASEMAP_URL", "")
# Plain http and the source static files: no https redirect, no collectstatic needed.
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("STATIC_HASHED", "0")
# The shared cache and rate limits live in Redis, as in production (`make test` starts one).
# TEST_REDIS_URL picks the server and database number (flushed when the session starts); empty:
# no Redis, as in `make run`. A production REDIS_URL in the shell is never used by tests.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
_SHELL_REDIS_URL = os.environ.get("REDIS_URL", "")
if TEST_REDIS_URL:
    os.environ["REDIS_URL"] = TEST_REDIS_URL
else:
    os.environ.pop("REDIS_URL", None)
# Tests read the data version fresh after each write; tests/maps/test_data_version.py checks
# the reuse that production has (1 s).
os.environ.setdefault("DATA_VERSION_SECONDS", "0")
# Jobs run at once, in the test's process; tests/production runs a real worker.
os.environ.setdefault("JOBS_EAGER", "1")


def pytest_sessionstart(session):
    """Flush the test Redis database once: rate-limit counters and cached pages of an earlier
    run (within the hour) would otherwise answer 429 or stale pages to this one."""
    if not TEST_REDIS_URL:
        return
    if TEST_REDIS_URL == _SHELL_REDIS_URL:
        raise pytest.UsageError(
            f"TEST_REDIS_URL is the shell's REDIS_URL ({TEST_REDIS_URL}): tests flush it; "
            "give them a Redis database of their own"
        )
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    except redis.ConnectionError as error:
        raise pytest.UsageError(
            f"no Redis answers at TEST_REDIS_URL={TEST_REDIS_URL} ({error}): start one "
            "(`make test` does) or set TEST_REDIS_URL= to run without Redis"
        ) from None
