"""The camera search uses the full-text index: both read one expression from maps/sql/."""

import pytest
from django.db import connection

from surveillance_map.maps import search

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostGIS only"),
]


def test_the_search_query_is_answered_from_the_index():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM cameras_camera "
            f"WHERE {search.CAMERA_TEXT} @@ to_tsquery('simple', 'axis:*')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "maps_camera_search" in plan


def test_the_index_is_built_on_the_search_expression():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'maps_camera_search'")
        (definition,) = cursor.fetchone()
    for column in ("name", "model", "brand", "manufacturer"):
        assert column in definition and column in search.CAMERA_TEXT
