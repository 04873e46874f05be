"""The precomputed cluster cells follow every camera write, and match a full rebuild."""

import threading
import time

import pytest
from django.contrib.gis.geos import Point
from django.db import DatabaseError, connection, transaction

from surveillance_map.cameras import bulk, services
from surveillance_map.cameras.models import Camera, Revision
from surveillance_map.maps import cells
from surveillance_map.maps.cells import (
    apply_pending_cells,
    rebuild_tile_cells,
    tile_cells_deferred,
    tile_cells_queued,
)
from surveillance_map.maps.models import DataVersion, TileCell, TileCellPending
from tests.connections import other_session
from tests.factories import make_camera
from tests.maps.helpers import assert_matches_rebuild

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="cells live in PostGIS"),
]


def delete(camera):
    """A hard delete, as `generate_cameras --delete` does for synthetic rows."""
    Revision.objects.filter(camera=camera).delete()
    Camera.objects.filter(pk=camera.pk).delete()


def test_a_new_camera_is_counted_at_every_cluster_zoom():
    make_camera(location=Point(8.54, 47.37))
    world = TileCell.objects.filter(zoom=0).get()
    assert (world.count, world.surveillance_type, world.status) == (1, "camera", "active")
    assert TileCell.objects.count() == 14
    assert_matches_rebuild()


def test_creates_updates_retirements_and_deletes_match_a_full_rebuild():
    a = make_camera(location=Point(8.54, 47.37))
    b = make_camera(location=Point(8.55, 47.38), surveillance_type="ALPR")
    make_camera(location=Point(-17.44, 14.69))
    services.camera_update(camera=a, fields={"location": Point(2.35, 48.85)}, actor_label="t")
    services.camera_update(camera=b, fields={"surveillance_type": "camera"}, actor_label="t")
    services.camera_update(camera=b, fields={"name": "renamed"}, actor_label="t")
    services.camera_retire(camera=a, actor_label="t")
    assert_matches_rebuild()
    delete(b)
    assert_matches_rebuild()


def test_a_bulk_create_is_counted_like_single_creates():
    bulk.cameras_create_bulk(
        writes=[
            services.CameraWrite(fields={"location": Point(8.5 + i / 100, 47.3), "status": s})
            for i, s in enumerate(["active", "active", "unknown", "removed"])
        ],
        actor_label="bulk",
    )
    assert_matches_rebuild()
    assert sum(c.count for c in TileCell.objects.filter(zoom=3)) == 4


def test_emptied_cells_are_deleted():
    camera = make_camera(location=Point(8.54, 47.37))
    delete(camera)
    assert TileCell.objects.count() == 0


def test_a_deferred_bulk_load_skips_the_upkeep_and_rebuilds_at_the_end():
    make_camera(location=Point(8.54, 47.37))
    with tile_cells_deferred():
        make_camera(location=Point(2.35, 48.85))
        assert sum(c.count for c in TileCell.objects.filter(zoom=0)) == 1
    assert sum(c.count for c in TileCell.objects.filter(zoom=0)) == 2
    make_camera(location=Point(-17.44, 14.69))  # upkeep is back on after the block
    assert_matches_rebuild()
    assert sum(c.count for c in TileCell.objects.filter(zoom=0)) == 3


def test_a_queued_block_leaves_the_cells_alone_until_its_queue_is_applied(
    django_capture_on_commit_callbacks,
):
    kept = make_camera(location=Point(8.54, 47.37))
    version = DataVersion.objects.get(pk=1).version
    with django_capture_on_commit_callbacks(execute=False) as callbacks, tile_cells_queued():
        make_camera(location=Point(2.35, 48.85))
        services.camera_retire(camera=kept)
        make_camera(location=Point(2.35, 48.85), surveillance_type="ALPR")
        # Neither the cells nor the version row were touched (nor locked) inside.
        assert sum(c.count for c in TileCell.objects.filter(zoom=0)) == 1
        assert DataVersion.objects.get(pk=1).version == version
    assert DataVersion.objects.get(pk=1).version == version + 1
    assert TileCellPending.objects.exists()
    assert [c.__qualname__ for c in callbacks] == ["apply_pending_cells"]
    assert apply_pending_cells(batch=2) == 4  # two transactions of two, then the rest
    assert not TileCellPending.objects.exists()
    assert DataVersion.objects.get(pk=1).version > version + 1
    assert_matches_rebuild()


def test_a_many_row_update_matches_a_full_rebuild():
    made = [make_camera(location=Point(8.5 + i / 50, 47.3 + i / 50)).pk for i in range(5)]
    Camera.objects.filter(pk__in=made[1:]).update(status="removed")
    assert_matches_rebuild()


def test_one_function_writes_cell_deltas_for_the_triggers_and_the_queue():
    with connection.cursor() as cursor:
        cursor.execute(
            r"SELECT proname FROM pg_proc WHERE prosrc ~* 'INSERT\s+INTO\s+maps_tilecell\M'"
        )
        writers = {name for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT DISTINCT tgfoid::regproc::text FROM pg_trigger "
            "WHERE tgrelid = 'cameras_camera'::regclass AND tgname LIKE 'maps_tilecell_%'"
        )
        triggers = {name for (name,) in cursor.fetchall()}
    assert writers == {"maps_tilecell_apply"}  # and maps_tilecell_fill, to a table it is given
    assert triggers == {"maps_tilecell_track"}


def test_cell_updates_are_heap_only_where_the_page_has_room():
    make_camera(location=Point(8.54, 47.37))
    rebuild_tile_cells()  # a fresh table: 14 cells on a page with room
    counts = (
        "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables "
        "WHERE relname = 'maps_tilecell'"
    )
    with connection.cursor() as cursor:
        cursor.execute(counts)
        before = cursor.fetchone()
        make_camera(location=Point(8.5401, 47.3701))  # the same cells at every zoom
        cursor.execute(counts)
        after = cursor.fetchone()
    updated, heap_only = after[0] - before[0], after[1] - before[1]
    assert (updated, heap_only) == (14, 14)
    assert_matches_rebuild()


def _queue_a_change_that_changes_nothing() -> None:
    TileCellPending.objects.create(
        cell_x=0,
        cell_y=0,
        dataset="osm",
        surveillance_type="camera",
        status="unverified",
        count=0,
        sum_lon=0,
        sum_lat=0,
    )


def _table_and_options() -> tuple[int, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT oid, reloptions FROM pg_class WHERE oid = 'maps_tilecell'::regclass")
        return cursor.fetchone()


@pytest.mark.django_db(transaction=True)  # the rebuild runs its own transactions
def test_a_large_queue_is_applied_by_a_rebuild_swapped_in_beside_the_table(monkeypatch):
    monkeypatch.setattr(cells, "REBUILD_MIN", 2)
    make_camera(location=Point(8.54, 47.37))
    oid, options = _table_and_options()
    reader = other_session()  # a worker that read the cells before, with a prepared statement
    read = "SELECT sum(count) FROM maps_tilecell WHERE zoom = 0"
    assert reader.execute(read, prepare=True).fetchone()[0] == 1
    with transaction.atomic(), tile_cells_queued():  # applied at the commit: 2 changes of 3
        make_camera(location=Point(2.35, 48.85))
        make_camera(location=Point(-17.44, 14.69), surveillance_type="ALPR")
    with reader:
        assert reader.execute(read, prepare=True).fetchone()[0] == 3  # reads the new table
    new_oid, new_options = _table_and_options()
    assert new_oid != oid  # a new table, with the old one's autovacuum settings
    assert new_options == options and "autovacuum_vacuum_threshold=1000" in options
    assert not TileCellPending.objects.exists()
    assert sum(c.count for c in TileCell.objects.filter(zoom=0)) == 3
    assert_matches_rebuild()


@pytest.mark.django_db(transaction=True)
def test_writes_during_a_rebuild_beside_the_table_queue_and_are_applied_after():
    make_camera(location=Point(8.54, 47.37))
    rebuild = other_session()
    try:
        rebuild.execute("SELECT pg_advisory_lock(maps_tilecell_lock_key())")  # as a rebuild does
        with transaction.atomic():
            make_camera(location=Point(2.35, 48.85))  # neither waits nor touches a cell
            # ... and holds, to its end, the lock the rebuild takes to wait for such writes.
            waits = "SELECT pg_try_advisory_lock(maps_tilecell_queued_key())"
            assert rebuild.execute(waits).fetchone()[0] is False
        assert sum(c.count for c in TileCell.objects.filter(zoom=0)) == 1
        assert TileCellPending.objects.count() == 1
        assert apply_pending_cells() == 0  # the queue waits for the rebuild to end
        # Released before the next line runs: a closed session's backend lets go of its locks
        # only as it exits, a moment later.
        rebuild.execute("SELECT pg_advisory_unlock(maps_tilecell_lock_key())")
    finally:
        rebuild.close()
    assert apply_pending_cells() == 1
    assert sum(c.count for c in TileCell.objects.filter(zoom=0)) == 2
    assert_matches_rebuild()


@pytest.mark.django_db(transaction=True)
def test_a_camera_written_while_the_rebuild_runs_is_counted_once(monkeypatch):
    """Written after the rebuild's snapshot and committed after the swap: queued, not in the
    new table, and applied once its transaction ends (the rebuild waits for it)."""
    monkeypatch.setattr(cells, "REBUILD_MIN", 1)
    make_camera(location=Point(8.54, 47.37))
    _queue_a_change_that_changes_nothing()  # a queue to apply
    written, writer = threading.Event(), None

    def write_meanwhile(execute, sql, params, many, context):
        nonlocal writer
        result = execute(sql, params, many, context)
        if "maps_tilecellpending" in sql and connection.in_atomic_block and writer is None:
            writer = threading.Thread(target=slow_write)
            writer.start()
            assert written.wait(10)  # it wrote, neither waiting for the rebuild nor failing it
        return result

    def slow_write():
        try:
            with transaction.atomic():
                make_camera(location=Point(2.35, 48.85))
                written.set()
                time.sleep(1)  # still open when the rebuild swaps its table in
        finally:
            connection.close()

    # A flush between transactional tests empties the table the migrations filled.
    version = DataVersion.objects.get_or_create(pk=1, defaults={"version": 0})[0].version
    with connection.execute_wrapper(write_meanwhile):
        apply_pending_cells()
    assert not writer.is_alive()  # the rebuild waited for the queued write's commit
    assert not TileCellPending.objects.exists()
    assert sum(c.count for c in TileCell.objects.filter(zoom=0)) == 2
    assert DataVersion.objects.get(pk=1).version > version + 1  # the write's bump and the rebuild's
    assert_matches_rebuild()


@pytest.mark.django_db(transaction=True)
def test_the_rebuild_waits_for_the_writes_that_queued_to_end():
    writer = other_session(autocommit=False)
    writer.execute("SELECT pg_advisory_xact_lock_shared(maps_tilecell_queued_key())")
    ended = threading.Event()

    def end_it():
        time.sleep(0.5)
        ended.set()
        writer.commit()

    threading.Thread(target=end_it).start()
    with connection.cursor() as cursor:
        cells._wait_for_queued_writes(cursor, seconds=10)
    assert ended.is_set()
    writer.close()


@pytest.mark.django_db(transaction=True)
def test_an_import_stays_committed_when_its_cells_fail_after_the_commit(monkeypatch):
    def fail(batch):
        raise DatabaseError("could not extend file: No space left on device")

    monkeypatch.setattr(cells, "_apply_batches", fail)
    with transaction.atomic(), tile_cells_queued():  # raises nothing: the failure is logged
        camera = make_camera(location=Point(8.54, 47.37))
    assert Camera.objects.filter(pk=camera.pk).exists()
    assert TileCellPending.objects.exists()  # kept for the next application
    monkeypatch.undo()
    assert apply_pending_cells() == 1
    assert_matches_rebuild()


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_that_finds_the_queue_taken_rebuilds_nothing():
    """A second application that waited for the first's rebuild finds the queue gone."""
    make_camera(location=Point(8.54, 47.37))
    _queue_a_change_that_changes_nothing()  # what the other rebuild left
    oid, _ = _table_and_options()
    assert cells.rebuild_tile_cells_beside(min_queue=2) == 0
    assert _table_and_options()[0] == oid
    assert cells.rebuild_tile_cells_beside(min_queue=1) == 1
    assert _table_and_options()[0] != oid
    assert_matches_rebuild()


@pytest.fixture
def role_not_owning_the_cells():
    """A database role that may read and write every table but owns none (cluster-wide, so
    named after the test database)."""
    role = f"{connection.settings_dict['NAME']}_guest"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP ROLE IF EXISTS {role}")
        cursor.execute(f"CREATE ROLE {role}")
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
        )
        cursor.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}")
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute(f"DROP OWNED BY {role}")
        cursor.execute(f"DROP ROLE {role}")


@pytest.mark.django_db(transaction=True)
def test_a_role_that_may_not_swap_the_table_applies_a_large_queue_in_batches(
    monkeypatch, caplog, role_not_owning_the_cells
):
    monkeypatch.setattr(cells, "REBUILD_MIN", 1)
    make_camera(location=Point(8.54, 47.37))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL maps.queue_tile_cells = on")  # queued, not yet applied
        make_camera(location=Point(2.35, 48.85))
        make_camera(location=Point(-17.44, 14.69))
    assert sum(c.count for c in TileCell.objects.filter(zoom=0)) == 1
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role_not_owning_the_cells}")
        try:
            assert apply_pending_cells() == 2
        finally:
            cursor.execute("RESET ROLE")
    assert "applied in batches" in caplog.text
    assert sum(c.count for c in TileCell.objects.filter(zoom=0)) == 3
    assert not TileCellPending.objects.exists()
    assert_matches_rebuild()
