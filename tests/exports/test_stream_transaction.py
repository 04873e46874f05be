"""A client that hangs up mid-download leaves the database connection usable."""

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from surveillance_map.cameras import services
from surveillance_map.exports import csvfile, geojson, records

# Transactional: the stream then runs its own outermost REPEATABLE READ transaction, as in a
# request.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("stream", [geojson.stream_geojson, csvfile.stream_csv])
def test_closing_a_stream_half_way_leaves_the_connection_usable(stream):
    writes = [
        services.CameraWrite({"location": Point(8.5, 47.4), "name": f"camera {n} " + "x" * 100})
        for n in range(3000)  # several COPY blocks
    ]
    services.cameras_create_bulk(writes=writes, actor_label="test")
    blocks = stream(records.export_queryset(filters={}))
    next(blocks), next(blocks)
    blocks.close()
    assert not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cameras_camera")
        assert cursor.fetchone()[0] == 3000
