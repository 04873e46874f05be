"""Streamed exports read the cameras in (spatial_key, id) ranges, in the table's spatial order,
and send blocks of tens of kilobytes; the file is the same whatever the range size."""

import csv
import io
import json

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from surveillance_map.cameras.models import Camera
from surveillance_map.exports import csvfile, geojson, postgis, records
from tests.factories import make_camera

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
    keys = dict(Camera.objects.values_list("id", "spatial_key"))
    assert ids == sorted(ids, key=lambda pk: (keys[pk], pk)) != sorted(ids)


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
        selected.order_by("spatial_key", "id").values_list("id", flat=True)
    )
    assert len(features) > 7


def test_cameras_sharing_a_spatial_key_split_across_batches_go_out_once_each(settings):
    # Five cameras at one spot share a key: batch bounds fall between them, by id.
    spot = [make_camera(name=f"same spot {n}") for n in range(5)]
    elsewhere = make_camera(name="elsewhere", location=Point(13.4, 52.5, srid=4326))
    settings.EXPORT_BATCH_CAMERAS = 2
    cameras = records.export_queryset(filters={})
    assert len(list(postgis.batches(cameras))) == 4
    features = json.loads(b"".join(geojson.stream_geojson(cameras)))["features"]
    expected = sorted([*spot, elsewhere], key=lambda c: (c.spatial_key, c.pk))
    assert [f["properties"]["sm:id"] for f in features] == [c.pk for c in expected]


def test_blocks_are_tens_of_kilobytes_not_one_per_camera(samples, settings):
    blocks, collection = _geojson(settings, 500)
    inner = blocks[1:-1]  # the header and footer are blocks of their own
    assert len(inner) < len(collection["features"]) / 20
    assert all(len(block) >= postgis.BLOCK_BYTES for block in inner[:-1])
