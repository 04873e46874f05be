"""Streamed exports read the cameras in id ranges and send blocks of tens of kilobytes; the file
is the same whatever the range size."""

import csv
import io
import json

import pytest
from django.db import connection

from surveillance_map.exports import csvfile, geojson, postgis, records

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL path is PostGIS only"),
]


def _geojson(settings, batch: int) -> tuple[list[bytes], dict]:
    settings.EXPORT_BATCH_CAMERAS = batch
    blocks = list(geojson.stream_geojson(records.export_queryset(filters={})))
    return blocks, json.loads(b"".join(blocks))


def test_small_ranges_write_the_same_collection_as_one_range(samples, settings):
    total = records.export_queryset(filters={}).count()
    _, whole = _geojson(settings, total + 1)
    _, ranged = _geojson(settings, 97)
    assert len(ranged["features"]) == total > 2000
    assert ranged == whole
    ids = [f["properties"]["sm:id"] for f in ranged["features"]]
    assert ids == sorted(ids)


def test_small_ranges_write_one_csv_header_and_every_row(samples, settings):
    settings.EXPORT_BATCH_CAMERAS = 101
    rows = list(
        csv.reader(
            io.StringIO(b"".join(csvfile.stream_csv(records.export_queryset(filters={}))).decode())
        )
    )
    header = rows[0]
    assert header.count("id") == 1 and header not in rows[1:]
    assert len(rows) - 1 == records.export_queryset(filters={}).count()


def test_a_filtered_selection_in_ranges_keeps_exactly_its_cameras(samples, settings):
    settings.EXPORT_BATCH_CAMERAS = 7
    selected = records.export_queryset(filters={}).filter(camera_type="dome")
    features = json.loads(b"".join(geojson.stream_geojson(selected)))["features"]
    assert [f["properties"]["sm:id"] for f in features] == list(
        selected.values_list("id", flat=True)
    )
    assert len(features) > 7


def test_blocks_are_tens_of_kilobytes_not_one_per_camera(samples, settings):
    blocks, collection = _geojson(settings, 500)
    inner = blocks[1:-1]  # the header and footer are blocks of their own
    assert len(inner) < len(collection["features"]) / 20
    assert all(len(block) >= postgis.BLOCK_BYTES for block in inner[:-1])
