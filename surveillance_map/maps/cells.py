"""Cluster cells for low-zoom tiles, and the data version in every tile's cache key.

Kept current by database triggers (maps/sql/, created by migration 0002) rather than by calls in
`cameras.services`: a trigger also sees bulk_create, the importers, `generate_cameras`' SQL
inserts, the admin and hand-written SQL, so no write path can leave the map stale. On
PostgreSQL, statement-level triggers with transition tables turn a bulk insert into one grouped
upsert. `rebuild_tile_cells` recomputes everything from the cameras, for recovery or checks.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction

from surveillance_map.lib.db import is_postgis
from surveillance_map.lib.replicas import read_alias
from surveillance_map.maps.models import DataVersion

logger = logging.getLogger(__name__)


def cells_supported() -> bool:
    """Precomputed cells exist on PostGIS; the embedded SpatiaLite demo aggregates on the fly."""
    return is_postgis()


@transaction.atomic
def rebuild_tile_cells() -> int:
    """Recompute every cell from the cameras table; returns the number of cells."""
    if not cells_supported():
        raise RuntimeError("Tile cells are kept on PostgreSQL/PostGIS only.")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM maps_tilecellpending")  # the rebuild counts them in
        cursor.execute("SELECT maps_tilecell_rebuild()")
        cursor.execute("SELECT count(*) FROM maps_tilecell")
        return cursor.fetchone()[0]


@contextmanager
def tile_cells_deferred() -> Iterator[None]:
    """For loads of hundreds of thousands of cameras: skip the per-statement cell upkeep inside
    the block and rebuild every cell once at its end, in the same transaction.

    A rebuild costs time in proportion to the whole table, so small loads are better left to
    the triggers. Elsewhere than PostGIS this does nothing.
    """
    if not cells_supported():
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maps.defer_tile_cells = on")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maps.defer_tile_cells = off")
            cursor.execute("SELECT maps_tilecell_rebuild()")


# Queued deltas applied per transaction: each holds the cells it touches for ~0.1 s.
APPLY_BATCH = 5000


@contextmanager
def tile_cells_queued() -> Iterator[None]:
    """For imports and other long transactions: queue the cell changes and skip the data
    version bumps inside the block; bump once at its end and apply the queue after the commit.

    Upserting cells (and bumping the single version row) locks those rows until the commit; a
    moderator approving a sighting meanwhile would wait for the whole import.
    """
    if not cells_supported():
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maps.queue_tile_cells = on")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maps.queue_tile_cells = off")
            # The deferred foreign-key checks of every row written would otherwise run at the
            # commit, with the version rows below locked: run them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # Held from here to the commit only: the high-zoom tiles (live) change now, and the
            # camera pages (row 2: sources, evidence) with them.
            cursor.execute("UPDATE maps_dataversion SET version = version + 1 WHERE id IN (1, 2)")
        # robust: a failure here is logged; the queue stays, applied by the next application
        # (maps.apply_queued_cells), and the import it follows is committed all the same.
        transaction.on_commit(apply_pending_cells, robust=True)


# A queue of at least REBUILD_MIN changes and REBUILD_SHARE of the cameras is applied by a
# rebuild beside the table instead: at 100,000 cameras, a rebuild cost 29 µs per camera and
# the queue 68 µs per queued change (about 14 cell upserts each).
REBUILD_MIN = 50_000
REBUILD_SHARE = 0.4
# How long a rebuild waits, after it ends, for the writes that queued meanwhile to commit; a
# later one waits for the next application (an import's, or the job maps.apply_queued_cells).
QUEUED_WRITES_WAIT_SECONDS = 10


def apply_pending_cells(batch: int = APPLY_BATCH) -> int:
    """Apply the queued cell changes, `batch` per transaction, or by rebuilding every cell
    beside the table when the queue is large (see REBUILD_SHARE); returns how many."""
    if not cells_supported():
        return 0
    if not connection.in_atomic_block and _queue_outweighs_cameras():
        if _may_swap_cells():
            return rebuild_tile_cells_beside(min_queue=REBUILD_MIN) + _apply_batches(batch)
        logger.warning(
            "Tile cells not rebuilt: the database role does not own maps_tilecell, which the"
            " swap replaces; the queue is applied in batches"
        )
    return _apply_batches(batch)


def _may_swap_cells() -> bool:
    """Whether this role may replace maps_tilecell (its owner, allowed to create beside it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(relowner, 'USAGE') AND has_schema_privilege(relnamespace, 'CREATE')"
            " FROM pg_class WHERE oid = 'maps_tilecell'::regclass"
        )
        return cursor.fetchone()[0]


def _apply_batches(batch: int) -> int:
    total = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT maps_tilecell_apply_pending(%s)", [batch])
            done = cursor.fetchone()[0]
        total += done
        if done < batch:
            return total


def _queue_outweighs_cameras() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM maps_tilecellpending")
        queued = cursor.fetchone()[0]
        if queued < REBUILD_MIN:
            return False
        cursor.execute("SELECT count(*) FROM cameras_camera")
        return queued >= REBUILD_SHARE * cursor.fetchone()[0]


def rebuild_tile_cells_beside(*, min_queue: int = 0) -> int:
    """Rebuild every cell into a new table and swap it in (sql/tile_cells.sql:
    maps_tilecell_swap_in); returns how many queued changes it made redundant.

    Nothing is rebuilt (0) if, once the lock is taken, fewer than `min_queue` changes are
    queued: another rebuild, which this one waited for, took them.

    Tiles read the old cells until the swap. Camera writes meanwhile neither wait nor lock a
    cell: they cannot take the lock the rebuild holds, so they queue their changes, which are
    applied once they commit (waiting up to QUEUED_WRITES_WAIT_SECONDS for them). Runs its own
    transactions: not inside one.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(maps_tilecell_lock_key())")
        try:
            with transaction.atomic():
                # The snapshot is taken after the lock: every write it misses has queued.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT count(*) FROM maps_tilecellpending")
                redundant = cursor.fetchone()[0]
                if redundant < min_queue:
                    return 0
                cursor.execute("SELECT maps_tilecell_swap_in()")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(maps_tilecell_lock_key())")
        cursor.execute("UPDATE maps_dataversion SET version = version + 1 WHERE id = 1")
        _wait_for_queued_writes(cursor, QUEUED_WRITES_WAIT_SECONDS)
    return redundant


def _wait_for_queued_writes(cursor, seconds: float) -> None:
    """Wait until the transactions that queued during the rebuild have ended (they hold
    maps_tilecell_queued_key() shared), or `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        cursor.execute("SELECT pg_try_advisory_lock(maps_tilecell_queued_key())")
        if cursor.fetchone()[0]:
            cursor.execute("SELECT pg_advisory_unlock(maps_tilecell_queued_key())")
            return
        time.sleep(0.05)


# Database alias -> (when read, data version, page version) in this process: data_version().
_recent: dict[str, tuple[float, int, int]] = {}
DATA, PAGES = 1, 2  # the rows of maps_dataversion


def data_version() -> int:
    """A number that changes (in the same transaction) whenever a camera or its names change.

    Read from the database at most once per DATA_VERSION_SECONDS in each process, so that a
    tile served from the cache costs no database round trip; a change reaches the map within
    that time. 0 reads it every time.
    """
    return versions()[0]


def page_version() -> int:
    """A number that changes with every write to what a camera page shows beyond the cameras
    and their names (sightings, photos, confirmations, evidence, sources); read with the data
    version, as often. A camera page's cache key holds both."""
    return versions()[1]


def versions() -> tuple[int, int]:
    """(data version, page version), read together from the database this request reads.

    Kept per database: a version read on the primary names changes a lagging replica has not
    replayed yet, and a page rendered from that replica must not be cached under it.
    """
    alias = read_alias()
    now = time.monotonic()
    recent = _recent.get(alias)
    if recent is not None and now - recent[0] < settings.DATA_VERSION_SECONDS:
        return recent[1], recent[2]
    rows = DataVersion.objects.using(alias).filter(pk__in=(DATA, PAGES))
    stored = dict(rows.values_list("pk", "version"))
    for row in (DATA, PAGES):
        if row not in stored:
            # The row is gone (a flushed test database): start again from a value no earlier
            # run can have used, so no cache entry keyed by an old version is ever served.
            stored[row] = time.time_ns() // 1000
            DataVersion.objects.get_or_create(pk=row, defaults={"version": stored[row]})
    _recent[alias] = (now, stored[DATA], stored[PAGES])
    return stored[DATA], stored[PAGES]
