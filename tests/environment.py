"""Defaults for a test run, loaded by pytest (`-p tests.environment`) before Django starts.

`make test` sets DATABASE_URL itself; these defaults let `.venv/bin/pytest` work alone too.
"""

import atexit
import os
import shutil
import tempfile

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
# TEST_REDIS_URL picks the server and database number (it is flushed); empty: no Redis, as in
# `make run`. A production REDIS_URL in the shell is never used by tests.
_redis = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
if _redis:
    os.environ["REDIS_URL"] = _redis
else:
    os.environ.pop("REDIS_URL", None)
# Tests read the data version fresh after each write; tests/maps/test_data_version.py checks
# the reuse that production has (1 s).
os.environ.setdefault("DATA_VERSION_SECONDS", "0")
# Jobs run at once, in the test's process; tests/production runs a real worker.
os.environ.setdefault("JOBS_EAGER", "1")
