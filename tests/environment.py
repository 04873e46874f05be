"""Defaults for a test run, loaded by pytest (`-p tests.environment`) before Django starts.

`make test` sets DATABASE_URL itself; these defaults let `.venv/bin/pytest` work alone too.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/surveillance_map")
os.environ.setdefault("TEST_DATABASE_NAME", "test_surveillance_map")
# No third-party basemap in tests: the browser suite proves pages talk to no host but ours.
os.environ.setdefault("BASEMAP_URL", "")
