"""Rate limits hold across workers and servers: two `make serve` gunicorns of four workers
each count into the one Redis, and a made-up X-Forwarded-For changes nothing."""

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache

from tests.production.servers import Browser, port

pytestmark = pytest.mark.django_db(transaction=True)
PORTS = (port(1), port(2))
API_LIMIT, SIGHTING_LIMIT = 40, 12
SIGHTING = {"latitude": 47.38, "longitude": 8.54, "surveillance_type": "camera"}


@pytest.fixture(scope="module")
def two_servers(launch):
    env = {
        "WEB_WORKERS": 4,
        "API_ANON_RATE": f"{API_LIMIT}/day",  # a day: the burst cannot straddle two windows
        "SIGHTINGS_PER_HOUR": SIGHTING_LIMIT,
    }
    return [launch(port, **env) for port in PORTS]


def burst(requests: int, send) -> list[int]:
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(send, range(requests)))


def test_the_api_limit_holds_across_eight_workers_with_spoofed_headers(two_servers):
    cache.clear()

    def send(n: int) -> int:
        browser = Browser(f"http://127.0.0.1:{PORTS[n % 2]}")
        spoof = {"X-Forwarded-For": f"10.{n % 250}.0.{n % 200}"}  # a new "address" each time
        return browser.get("/api/v1/capabilities/", headers=spoof).status

    codes = burst(3 * API_LIMIT, send)
    assert codes.count(200) == API_LIMIT
    assert codes.count(429) == 2 * API_LIMIT


def test_the_sighting_limit_holds_across_eight_workers(two_servers):
    cache.clear()
    seconds_into_hour = time.time() % 3600
    if seconds_into_hour > 3570:  # the hourly window turns soon: start in the next one
        time.sleep(3601 - seconds_into_hour)

    def send(n: int) -> int:
        browser = Browser(f"http://127.0.0.1:{PORTS[n % 2]}")
        headers = {"Content-Type": "application/json"}
        return browser.request(
            "POST", "/api/v1/sightings/", body=json.dumps(SIGHTING), headers=headers
        ).status

    codes = burst(3 * SIGHTING_LIMIT, send)
    assert codes.count(201) == SIGHTING_LIMIT
    assert codes.count(429) == 2 * SIGHTING_LIMIT
