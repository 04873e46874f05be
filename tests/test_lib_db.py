"""One array parameter for many ids: the literal PostgreSQL reads back as the same numbers."""

import pytest
from django.db import connection

from surveillance_map.lib.db import bigint_array

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL arrays")


@pytest.mark.django_db
def test_the_literal_reads_back_as_the_same_bigints_in_order():
    ids = [5, 2**62 + 7, 1, 5]  # a spatial key needs 62 bits
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::bigint[]", [bigint_array(ids)])
        assert cursor.fetchone()[0] == ids
        cursor.execute("SELECT cardinality(%s::bigint[])", [bigint_array([])])
        assert cursor.fetchone()[0] == 0


def test_only_whole_numbers_go_in():
    with pytest.raises(ValueError):
        bigint_array(["1); DROP TABLE cameras_camera; --"])
