"""A download reads one snapshot, writes nothing, and a hang-up leaves the connection usable.

Transactional tests: the stream then runs its own outermost transaction, as in a request.
"""

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from surveillance_map.cameras import bulk, services
from surveillance_map.exports import csvfile, geojson, postgis, records
from tests.connections import other_session

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL transactions"),
]


@pytest.fixture
def cameras():
    writes = []
    for n in range(3000):  # several COPY blocks
        fields = {"location": Point(8.5, 47.4), "name": f"camera {n} " + "x" * 100}
        if n % 10 == 0:  # a raw spelling only Python can write back: rendered first
            fields |= {"mount": "street_lamp", "original_tags": {"camera:mount": "Street Light"}}
        writes.append(services.CameraWrite(fields))
    bulk.cameras_create_bulk(writes=writes, actor_label="test")


def test_the_snapshot_is_repeatable_read_and_read_only():
    with postgis.consistent_read(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('transaction_isolation'), "
            "current_setting('transaction_read_only')"
        )
        assert cursor.fetchone() == ("repeatable read", "on")


def test_an_export_joins_without_nested_loops_and_leaves_the_setting_behind():
    """A batch misestimated at ~100 rows of 20,000 took 8 s through a nested loop at 5M."""
    with connection.cursor() as cursor:
        with postgis.consistent_read():
            cursor.execute("SHOW enable_nestloop")
            assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW enable_nestloop")
        assert cursor.fetchone() == ("on",)


def _transaction_id_of(pid: int):
    with other_session() as other:
        return other.execute(
            "SELECT state, backend_xid FROM pg_stat_activity WHERE pid = %s", [pid]
        ).fetchone()


@pytest.mark.parametrize("stream", [geojson.stream_geojson, csvfile.stream_csv])
def test_a_download_under_way_holds_no_transaction_id(cameras, stream):
    blocks = stream(records.export_queryset(filters={}))
    next(blocks), next(blocks)  # COPY is under way
    # Without a transaction id a long download holds back neither the change feed nor vacuum.
    state, transaction_id = _transaction_id_of(connection.connection.info.backend_pid)
    assert state in ("active", "idle in transaction")  # the stream's transaction is open
    assert transaction_id is None
    blocks.close()


@pytest.mark.parametrize("stream", [geojson.stream_geojson, csvfile.stream_csv])
def test_closing_a_stream_half_way_leaves_the_connection_usable(cameras, stream):
    blocks = stream(records.export_queryset(filters={}))
    next(blocks), next(blocks)
    blocks.close()
    assert not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cameras_camera")
        assert cursor.fetchone()[0] == 3000
