"""The camera table's indexes on PostgreSQL: each one is maintained by every camera write."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def indexes(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


def test_country_and_place_have_one_plain_index_each():
    found = indexes("cameras_camera")
    assert not [name for name, sql in found.items() if "pattern_ops" in sql]
    assert "(country)" in found["camera_country"] and "(place)" in found["camera_place"]


def test_source_records_have_no_index_the_unique_one_covers():
    found = indexes("imports_sourcerecord")
    assert [name for name, sql in found.items() if "(source_id" in sql] == [
        "source_record_unique_ref"
    ]
