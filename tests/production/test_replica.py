"""Read replicas against a real streaming replica (`make test` starts one on 127.0.0.1:5433,
scripts/ensure-replica.sh): a write on the primary reaches replica reads; reads that may lag
do go to the replica; a moderator sees their own approval at once."""

import os
import re
from contextlib import contextmanager

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from surveillance_map.cameras.models import Camera
from surveillance_map.lib.replicas import PIN_COOKIE
from surveillance_map.sightings.models import Sighting
from tests.factories import make_camera, make_sighting, make_user
from tests.production.servers import SECRET, Browser, database_url, eventually, port

REPLICA_PORT = os.environ.get("TEST_REPLICA_PORT", "")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REPLICA_PORT, reason="TEST_REPLICA_PORT unset (`make test` sets it)"),
]
WEB = port(8)
ONE_WORKER = port(14)


def replica_sql(sql: str, *, dbname: str = "postgres"):
    db = connection.settings_dict
    with psycopg.connect(
        host="127.0.0.1",
        port=int(REPLICA_PORT),
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    ) as replica:
        return replica.execute(sql).fetchone()


@pytest.fixture(scope="module")
def server(launch, django_db_blocker):
    with django_db_blocker.unblock():
        assert replica_sql("SELECT pg_is_in_recovery()") == (True,)
        replica = database_url(port=int(REPLICA_PORT))
    launch(WEB, DATABASE_REPLICA_URLS=replica, REPLICA_PIN_SECONDS=60)
    return f"http://127.0.0.1:{WEB}"


@contextmanager
def replay_pause():
    # Pause only once the replica has replayed everything the primary wrote: paused half-way
    # through a TRUNCATE (the test database's flush between tests), the replica would keep that
    # table's lock and every read of it would wait.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        written = cursor.fetchone()[0]
    assert eventually(
        lambda: replica_sql(f"SELECT pg_last_wal_replay_lsn() >= '{written}'::pg_lsn") == (True,)
    )
    replica_sql("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        replica_sql("SELECT pg_wal_replay_resume()")


@pytest.fixture
def replay_paused():
    with replay_pause():
        yield


def camera_status(browser: Browser, camera_id: int) -> int:
    return browser.get(f"/api/v1/cameras/{camera_id}/").status


def test_a_write_on_the_primary_reaches_a_replica_read(server):
    ready = Browser(server).get("/readyz").json()
    assert ready["checks"]["replica1"].startswith("ok")
    camera = make_camera()
    assert eventually(lambda: camera_status(Browser(server), camera.pk) == 200)


def test_reads_that_may_lag_come_from_the_replica(server, replay_paused):
    camera = make_camera()  # committed on the primary; the replica does not replay it yet
    anonymous = Browser(server)
    assert camera_status(anonymous, camera.pk) == 404
    assert anonymous.get(f"/cameras/{camera.pk}.json").status == 404


def logged_in(server: str, user) -> Browser:
    """A browser with the user's session, signed with the server's key."""
    with override_settings(SECRET_KEY=SECRET):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        device = TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # past the second factor too
        session.create()
    return Browser(server, cookies={settings.SESSION_COOKIE_NAME: session.session_key})


def test_the_moderator_sees_their_approval_at_once(server, replay_paused):
    alice = make_user("alice", moderator=True)
    sighting = make_sighting()
    moderator = logged_in(server, alice)
    page = moderator.get(f"/moderation/{sighting.pk}/")  # moderation reads the primary
    assert page.status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    done = moderator.post_form(
        f"/moderation/{sighting.pk}/approve/", {"csrfmiddlewaretoken": token, "message": "ok"}
    )
    assert done.status == 302
    camera_id = Sighting.objects.get(pk=sighting.pk).camera_id
    assert camera_id is not None
    # The moderator wrote, so their reads stay on the primary for a moment...
    assert camera_status(moderator, camera_id) == 200
    assert moderator.get(f"/cameras/{camera_id}/").status == 200
    # ...while everyone else reads the (paused) replica, which has not seen it yet.
    assert camera_status(Browser(server), camera_id) == 404


def test_once_replayed_everyone_sees_it(server):
    camera = make_camera()
    assert eventually(lambda: camera_status(Browser(server), camera.pk) == 200)


def test_a_page_from_a_lagging_replica_is_not_cached_under_the_primarys_version(
    launch, django_db_blocker
):
    # One process, so the writer's requests and the visitor's share what it remembers.
    with django_db_blocker.unblock():
        replica = database_url(port=int(REPLICA_PORT))
    base = f"http://127.0.0.1:{ONE_WORKER}"
    launch(ONE_WORKER, DATABASE_REPLICA_URLS=replica, WEB_WORKERS="1", DATA_VERSION_SECONDS="2")
    camera = make_camera(name="Old name")
    page, version = f"/cameras/{camera.pk}/", "/tiles/version.json"
    writer, visitor = Browser(base, cookies={PIN_COOKIE: "1"}), Browser(base)
    assert eventually(lambda: "Old name" in visitor.get(page).text)
    with replay_pause():
        Camera.objects.filter(pk=camera.pk).update(name="New name")  # a new data version
        # The writer reads the primary and its version; the visitor, the replica and its own.
        assert writer.get(version).json() != visitor.get(version).json()
        assert "Old name" in visitor.get(page).text
    name = connection.settings_dict["NAME"]
    check = f"SELECT name FROM cameras_camera WHERE id = {camera.pk}"
    assert eventually(lambda: replica_sql(check, dbname=name) == ("New name",))
    # Replayed: the visitor gets the new page, not the old one cached under the new version.
    assert eventually(lambda: "New name" in visitor.get(page).text, attempts=25)
