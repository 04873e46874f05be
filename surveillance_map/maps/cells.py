"""Cluster cells for low-zoom tiles, and the data version in every tile's cache key.

Kept current by database triggers (maps/sql/, created by migration 0002) rather than by calls in
`cameras.services`: a trigger also sees bulk_create, the importers, `generate_cameras`' SQL
inserts, the admin and hand-written SQL, so no write path can leave the map stale. On
PostgreSQL, statement-level triggers with transition tables turn a bulk insert into one grouped
upsert. `rebuild_tile_cells` recomputes everything from the cameras, for recovery or checks.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction

from surveillance_map.lib.db import is_postgis
from surveillance_map.maps.models import DataVersion


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
        transaction.on_commit(apply_pending_cells)


def apply_pending_cells(batch: int = APPLY_BATCH) -> int:
    """Apply the queued cell changes, `batch` per transaction; returns how many."""
    if not cells_supported():
        return 0
    total = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT maps_tilecell_apply_pending(%s)", [batch])
            done = cursor.fetchone()[0]
        total += done
        if done < batch:
            return total


# (when read, data version, page version) in this process: see data_version().
_recent: tuple[float, int, int] | None = None
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
    """(data version, page version), read together."""
    global _recent
    now = time.monotonic()
    if _recent is not None and now - _recent[0] < settings.DATA_VERSION_SECONDS:
        return _recent[1], _recent[2]
    stored = dict(DataVersion.objects.filter(pk__in=(DATA, PAGES)).values_list("pk", "version"))
    for row in (DATA, PAGES):
        if row not in stored:
            # The row is gone (a flushed test database): start again from a value no earlier
            # run can have used, so no cache entry keyed by an old version is ever served.
            stored[row] = time.time_ns() // 1000
            DataVersion.objects.get_or_create(pk=row, defaults={"version": stored[row]})
    _recent = (now, stored[DATA], stored[PAGES])
    return stored[DATA], stored[PAGES]
