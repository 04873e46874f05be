"""Outages give 503 with Retry-After, never a 500 or a traceback, and service comes back.

Against real gunicorn servers: the shared PostgreSQL is never stopped; a cut is made by
killing connections (pg_terminate_backend) or by a TCP proxy the test drops, and a Redis
outage by pointing a server at a port where no Redis listens.
"""

import pytest
from django.db import connection

from tests.production.servers import Browser, TcpProxy, database_url, eventually, port

pytestmark = pytest.mark.django_db(transaction=True)
WEB, BEHIND_PROXY, NO_REDIS = port(3), port(4), port(5)
PROXY_PORT, DEAD_REDIS_PORT = port(6), port(7)
PAGES = ("/api/v1/capabilities/", "/areas/", "/vendors/", "/tiles/version.json")


@pytest.fixture(scope="module")
def proxy(django_db_blocker):
    with django_db_blocker.unblock():
        port = int(connection.settings_dict["PORT"] or 5432)
    cut = TcpProxy(PROXY_PORT, ("127.0.0.1", port))
    yield cut
    cut.down()


def statuses(browser: Browser, rounds: int = 3) -> list[int]:
    return [browser.get(path).status for _ in range(rounds) for path in PAGES]


def test_killed_database_connections_cost_no_500(launch):
    launch(WEB)
    browser = Browser(f"http://127.0.0.1:{WEB}")
    assert set(statuses(browser)) == {200}  # every worker thread now holds a connection
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] >= 1
    assert set(statuses(browser)) == {200}


def test_a_database_outage_gives_503s_with_retry_after_and_then_service_returns(launch, proxy):
    # The data version is read afresh (not reused for a second), so that version.json needs
    # the database at once.
    launch(
        BEHIND_PROXY,
        DATABASE_URL=database_url(port=PROXY_PORT),
        RETRY_AFTER_SECONDS=7,
        DATA_VERSION_SECONDS=0,
    )
    browser = Browser(f"http://127.0.0.1:{BEHIND_PROXY}")
    assert set(statuses(browser)) == {200}
    proxy.down()
    try:
        answers = [browser.get(path) for path in PAGES for _ in range(2)]
        assert {r.status for r in answers} == {503}
        assert {r.header("Retry-After") for r in answers} == {"7"}
        api = browser.get("/api/v1/capabilities/")
        assert api.header("Content-Type") == "application/json"
        assert "retry in 7 seconds" in api.json()["errors"]["detail"][0]
        page = browser.get("/areas/")
        assert page.header("Content-Type").startswith("text/html")
        assert "Back in a moment" in page.text and "Traceback" not in page.text
        assert browser.get("/healthz").status == 200  # the process is up...
        ready = browser.get("/readyz")  # ...but not ready
        assert ready.status == 503 and ready.json()["checks"]["database"].startswith("failed")
    finally:
        proxy.up()
    assert eventually(lambda: set(statuses(browser, rounds=1)) == {200})
    assert set(statuses(browser)) == {200}


def test_a_redis_outage_gives_503s_too(launch):
    launch(NO_REDIS, REDIS_URL=f"redis://127.0.0.1:{DEAD_REDIS_PORT}/1", ready=False)
    browser = Browser(f"http://127.0.0.1:{NO_REDIS}")
    tile = browser.get("/tiles/2/1/1.pbf")  # tiles come through the shared cache
    assert tile.status == 503 and tile.header("Retry-After")
    ready = browser.get("/readyz")
    assert ready.status == 503 and ready.json()["checks"]["cache"].startswith("failed")
    assert browser.get("/healthz").status == 200
