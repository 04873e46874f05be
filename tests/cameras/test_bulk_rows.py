"""`lib.bulk_rows.insert_rows`: plain dicts in, new rows out (COPY on PostGIS), defaults filled."""

import pytest

from surveillance_map.cameras.models import Camera
from surveillance_map.lib.bulk_rows import insert_rows

pytestmark = pytest.mark.django_db


def test_rows_get_their_ids_in_order_and_defaults_for_missing_columns():
    ids = insert_rows(
        Camera,
        [
            {"location": (8.54, 47.37), "name": "Gate", "extra_tags": {"level": "-1"}},
            {"location": (9.0, 47.0), "status": "removed"},
        ],
    )

    gate, other = (Camera.objects.get(pk=pk) for pk in ids)
    assert ids[0] < ids[1]
    assert (gate.name, gate.extra_tags, gate.status) == ("Gate", {"level": "-1"}, "active")
    assert (other.name, other.extra_tags, other.status) == ("", {}, "removed")
    assert other.location.coords == (9.0, 47.0)
    assert gate.created_at is not None and gate.updated_at is not None


def test_no_rows_write_nothing():
    assert insert_rows(Camera, []) == []
    assert not Camera.objects.exists()
