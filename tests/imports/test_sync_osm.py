"""`sync_osm` against a local replication directory written by pyosmium."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from osmium.osm.mutable import Node

from surveillance_map.cameras import services
from surveillance_map.cameras.models import Camera, Revision
from surveillance_map.imports.models import ReplicationState, SourceRecord
from surveillance_map.imports.tasks import sync_osm_task
from surveillance_map.sightings.models import Review
from tests.factories import log_in_verified, make_moderator
from tests.imports.replication import ReplicationDir, node, write_pbf

pytestmark = pytest.mark.django_db

ZURICH = (8.54, 47.37)


def sync(url, *args) -> str:
    out = StringIO()
    call_command("sync_osm", "--replication-url", url, "--once", *args, stdout=out)
    return out.getvalue()


def import_file(path, tmp_path):
    call_command(
        "import_cameras",
        str(path),
        "--report",
        str(tmp_path / "r.csv"),
        stdout=StringIO(),
        stderr=StringIO(),
    )


def camera(osm_id) -> Camera:
    return Camera.objects.get(osm_id=osm_id)


@pytest.fixture
def imported(tmp_path):
    """Three cameras from a PBF extract whose header says 2026-11-01 00:00."""
    nodes = [
        node(1, 8.5401, 47.3701, tags={"surveillance:type": "camera"}),
        node(2, 8.5402, 47.3702, tags={"camera:mount": "wall", "operator": "Stadtpolizei"}),
        node(3, 8.5403, 47.3703, tags={"camera:type": "dome"}),
    ]
    import_file(write_pbf(tmp_path / "extract.osm.pbf", nodes), tmp_path)
    return ReplicationDir(tmp_path / "replication")


def test_a_diff_adds_changes_and_deletes_cameras(imported, client):
    imported.add(0, [])  # the diff that holds the extract's timestamp: nothing new
    imported.add(
        1,
        [
            node(4, 8.5404, 47.3704, tags={"surveillance:type": "ALPR"}, changeset=501),
            node(
                2,
                8.5402,
                47.3702,
                version=2,
                changeset=502,
                tags={"camera:mount": "pole", "operator": "Stadtpolizei"},
            ),
            node(3, version=2, changeset=503, deleted=True),
        ],
    )
    out = sync(imported.url)
    assert "created 1" in out and "updated 1" in out and "retired 1" in out
    added = camera(4)
    assert added.surveillance_type == "ALPR"
    assert "changeset 501" in added.revisions.get().reason
    assert camera(2).mount == "pole"
    assert "v2, changeset 502" in camera(2).revisions.latest("id").reason
    gone = camera(3)
    assert gone.status == "removed"
    retire = gone.revisions.latest("id")
    assert (retire.action, retire.reason) == ("retire", "deleted in OpenStreetMap, changeset 503")
    assert ReplicationState.objects.get().sequence == 1

    # The API and the history show all three, the deleted one as removed.
    listed = {f["id"]: f["properties"] for f in client.get("/api/v1/cameras/").json()["features"]}
    assert listed[added.pk]["surveillance_type"] == "ALPR"
    assert listed[camera(2).pk]["mount"] == "pole"
    assert listed[gone.pk]["status"] == "removed"
    removed = client.get("/api/v1/cameras/?status=removed").json()["features"]
    assert [f["id"] for f in removed] == [gone.pk]
    log_in_verified(client, make_moderator())
    history = client.get(f"/cameras/{gone.pk}/history/").content.decode()
    assert "deleted in OpenStreetMap, changeset 503" in history

    revisions = Revision.objects.count()
    assert "Up to date" in sync(imported.url)
    assert Revision.objects.count() == revisions


def test_reapplying_a_diff_changes_nothing(imported):
    imported.add(0, [])
    imported.add(1, [node(2, version=2, changeset=9, tags={"camera:mount": "pole"})])
    sync(imported.url)
    revisions = Revision.objects.count()
    ReplicationState.objects.update(sequence=0)  # as if the run had died before saving
    out = sync(imported.url)
    assert "unchanged 1" in out
    assert Revision.objects.count() == revisions


def test_an_upstream_change_never_overwrites_a_moderators_edit(imported, client):
    moderator = make_moderator()
    services.camera_update(camera=camera(2), fields={"mount": "ceiling"}, actor=moderator)
    imported.add(0, [])
    imported.add(
        1,
        [
            node(
                2,
                8.5402,
                47.3702,
                version=2,
                changeset=77,
                tags={"camera:mount": "pole", "operator": "Stadtpolizei", "camera:type": "dome"},
            )
        ],
    )
    out = sync(imported.url)
    assert "conflicts 1" in out
    kept = camera(2)
    assert kept.mount == "ceiling"  # ours stays…
    assert kept.camera_type == "dome"  # …the tag nobody here touched applies
    review = Review.objects.get()
    assert (review.kind, review.camera_id) == ("conflict", kept.pk)
    assert review.ours == {"mount": "ceiling"} and review.theirs == {"mount": "pole"}
    assert "changeset 77" in review.origin

    log_in_verified(client, moderator)
    queue = client.get("/moderation/").content.decode()
    row = queue[queue.index(f'id="review-{review.pk}"') :]
    assert "ceiling" in row and "pole" in row  # both versions, side by side
    client.post(f"/moderation/reviews/{review.pk}/take/")
    assert camera(2).mount == "pole"
    review.refresh_from_db()
    assert review.status == "taken"


def test_a_node_that_lost_its_tag_retires_its_camera(imported):
    imported.add(0, [])
    imported.add(1, [Node(id=1, version=2, changeset=8, location=ZURICH, tags={"shop": "x"})])
    sync(imported.url)
    assert camera(1).status == "removed"
    assert "no longer tagged man_made=surveillance" in camera(1).revisions.latest("id").reason


def test_without_a_start_it_refuses_clearly(tmp_path):
    import_file(write_pbf(tmp_path / "old.osm.pbf", [node(1)], timestamp=None), tmp_path)
    replication = ReplicationDir(tmp_path / "replication")
    replication.add(1, [node(5)])
    with pytest.raises(CommandError, match="no sequence stored and no imported OSM file"):
        sync(replication.url)
    assert not ReplicationState.objects.exists()
    sync(replication.url, "--start-sequence", "1")
    assert camera(5)


@pytest.mark.parametrize("damage", ["dead url", "corrupt", "gap", "older"])
def test_bad_input_applies_nothing_and_keeps_the_sequence(imported, damage):
    imported.add(0, [])
    imported.add(1, [node(7, 8.6, 47.4)])
    sync(imported.url)
    imported.add(2, [node(8, 8.6, 47.5)])
    imported.add(3, [node(9, 8.6, 47.6)])
    url = imported.url
    if damage == "dead url":
        url = "http://127.0.0.1:9/replication/"
        ReplicationState.objects.update(url=url)
    elif damage == "corrupt":
        path = imported.diff_path(2).with_suffix(".osc.gz")
        path.write_bytes(path.read_bytes()[:30])
    elif damage == "gap":
        imported.diff_path(2).with_suffix(".osc.gz").unlink()
    else:  # diff 2 claims a time before the stored state's
        imported.add(2, [node(8, 8.6, 47.5)], minutes=-5)
        imported.add(3, [node(9, 8.6, 47.6)])
    cameras, records = Camera.objects.count(), SourceRecord.objects.count()
    with pytest.raises(CommandError) as error:
        sync(url)
    message = str(error.value)
    expected = {
        "dead url": "cannot read state.txt",
        "corrupt": "corrupt or truncated",
        "gap": "gap in the sequence",
        "older": "older than the stored state",
    }
    assert expected[damage] in message
    assert ReplicationState.objects.get().sequence == 1
    assert (Camera.objects.count(), SourceRecord.objects.count()) == (cameras, records)


def test_a_start_before_the_stored_state_is_refused(imported):
    imported.add(0, [])
    imported.add(1, [node(7, 8.6, 47.4)])
    sync(imported.url)
    with pytest.raises(CommandError, match="not newer than the stored state"):
        sync(imported.url, "--start-sequence", "1")


def test_the_lag_shows_to_moderators_and_in_readyz(imported, client, settings):
    log_in_verified(client, make_moderator())
    assert "OpenStreetMap sync: not running" in client.get("/moderation/").content.decode()
    imported.add(0, [])
    imported.add(1, [node(7, 8.6, 47.4)])
    settings.OSM_REPLICATION_URL = imported.url
    sync_osm_task.delay()  # as beat runs it (eagerly here)
    assert ReplicationState.objects.get().sequence == 1
    queue = client.get("/moderation/").content.decode()
    assert "diff 1 (published 2026-11-01 00:01 UTC)" in queue and "Late" in queue
    ready = client.get("/readyz").json()["checks"]["openstreetmap_sync"]
    assert ready.startswith("late, sequence 1 published 2026-11-01 00:01 UTC")


def test_a_newer_upstream_version_updates_the_open_question_instead_of_asking_twice(imported):
    services.camera_update(camera=camera(2), fields={"mount": "ceiling"}, actor=make_moderator())
    imported.add(0, [])
    tags = {"operator": "Stadtpolizei"}
    imported.add(
        1, [node(2, 8.5402, 47.3702, version=2, changeset=77, tags=tags | {"camera:mount": "pole"})]
    )
    imported.add(
        2,
        [
            node(
                2,
                8.5402,
                47.3702,
                version=3,
                changeset=78,
                tags=tags | {"camera:mount": "street_lamp"},
            )
        ],
    )
    sync(imported.url)
    sync(imported.url)

    review = Review.objects.get()
    assert review.status == "open" and "v3, changeset 78" in review.origin
    assert review.ours == {"mount": "ceiling"} and review.theirs == {"mount": "street_lamp"}
    assert camera(2).mount == "ceiling"
