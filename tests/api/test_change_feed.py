"""The change feed lists every revision of real cameras once, in order, page by page.

Transactional tests: the feed lists only committed work, as a mirror would see it.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction

from surveillance_map.cameras import services
from surveillance_map.cameras.models import Revision
from tests.connections import other_session
from tests.factories import make_camera

pytestmark = pytest.mark.django_db(transaction=True)


def _follow(client, url) -> list[dict]:
    seen = []
    while True:
        page = client.get(url).json()
        seen.extend(page["results"])
        if not page["more"]:
            return seen
        url = page["next"]


def test_feed_lists_creates_updates_retirements_and_reverts_in_order(client):
    camera = make_camera(mount="wall")
    services.camera_update(camera=camera, fields={"mount": "pole"})
    services.camera_retire(camera=camera)
    services.camera_update(camera=camera, fields={"status": "active"}, action="revert")
    make_camera(dataset="synthetic")  # not public, not in the feed
    results = _follow(client, "/api/v1/changes/?limit=2")
    assert [r["action"] for r in results] == ["create", "update", "retire", "revert"]
    assert results[1]["changed_fields"] == ["mount"]
    assert results[1]["after"]["mount"] == "pole"


def test_a_mirror_resuming_from_its_cursor_sees_only_newer_revisions(client):
    make_camera()
    first = client.get("/api/v1/changes/").json()
    camera = make_camera()
    services.camera_retire(camera=camera)
    later = client.get("/api/v1/changes/", {"cursor": first["cursor"]}).json()
    assert [(r["camera"], r["action"]) for r in later["results"]] == [
        (camera.pk, "create"),
        (camera.pk, "retire"),
    ]
    assert client.get(later["next"]).json()["results"] == []


def test_since_takes_an_iso_time(client):
    old = make_camera()
    Revision.objects.filter(camera=old).update(
        created_at=Revision.objects.get(camera=old).created_at - timedelta(days=2)
    )
    new = make_camera()
    cutoff = (Revision.objects.get(camera=new).created_at - timedelta(hours=1)).isoformat()
    results = client.get("/api/v1/changes/", {"since": cutoff}).json()["results"]
    assert [r["camera"] for r in results] == [new.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL")
def test_a_revision_committed_late_with_a_lower_id_is_not_skipped(client):
    """A long transaction holds revision N while N+1 commits; a mirror still gets both."""
    slow, quick = make_camera(name="slow"), make_camera(name="quick")
    start = client.get("/api/v1/changes/").json()["cursor"]
    written, release = threading.Event(), threading.Event()

    def long_edit():
        try:
            with transaction.atomic():
                services.camera_update(camera=slow, fields={"mount": "pole"})
                written.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=long_edit)
    worker.start()
    try:
        assert written.wait(10)
        # Another writer commits revision N+1 meanwhile (written directly: camera writes are
        # serialised by the map's data-version trigger, revision rows are not).
        late = Revision.objects.create(camera=quick, action="update", after={"mount": "wall"})
        page = client.get("/api/v1/changes/", {"cursor": start}).json()
        assert page["results"] == []  # an older writer is still open
    finally:
        release.set()
        worker.join()
    seen = _follow(client, f"/api/v1/changes/?cursor={start}")
    held = Revision.objects.get(camera=slow, action="update")
    assert held.id < late.id
    assert [r["id"] for r in seen] == [held.id, late.id]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL")
def test_a_transaction_of_another_database_ending_meanwhile_holds_nothing_back(client):
    """Other databases on the server (other test runs, other sites) write all the time; one of
    their transactions ending while a page is read must not hold the feed back."""
    other = other_session(dbname="postgres", autocommit=False)
    other.execute("SELECT pg_current_xact_id()")  # an xid older than the revisions below
    camera = make_camera()

    ended = []

    def end_it_once_the_snapshot_is_taken(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "pg_current_snapshot" in sql and not ended:
            other.commit()  # in the feed's snapshot, yet gone from pg_stat_activity from now
            ended.append(True)
        return result

    try:
        with connection.execute_wrapper(end_it_once_the_snapshot_is_taken):
            results = client.get("/api/v1/changes/").json()["results"]
    finally:
        other.close()
    assert ended
    assert [(r["camera"], r["action"]) for r in results] == [(camera.pk, "create")]


def test_anonymous_contributions_are_dated_to_the_day_only(client):
    camera = make_camera()
    services.camera_update(
        camera=camera, fields={"mount": "pole"}, actor_label="anonymous confirmation"
    )
    created, confirmed = _follow(client, "/api/v1/changes/")
    assert len(created["created_at"]) > 10  # an import or moderator action: the full time
    assert confirmed["created_at"] == Revision.objects.last().created_at.date().isoformat()
