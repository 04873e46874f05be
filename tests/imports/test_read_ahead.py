"""imports/read_ahead.py: a large OSM file read and mapped in a child process."""

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from osmium.osm.mutable import Node

from surveillance_map.cameras.models import Camera
from surveillance_map.imports import read_ahead
from surveillance_map.imports.models import ImportBatch
from surveillance_map.imports.read_ahead import MappedRecords
from surveillance_map.imports.readers import UnreadableFile, read_records
from tests.imports.replication import node, write_pbf


def osm_file(tmp_path, count=2_500):
    nodes = [node(n, 8.5 + n * 1e-4, 47.37, tags={"camera:type": "dome"}) for n in range(1, count)]
    lamps = {"highway": "street_lamp"}  # not cameras: skipped and counted
    nodes += [Node(id=count + n, version=1, location=(8.5, 47.0), tags=lamps) for n in range(39)]
    return write_pbf(tmp_path / "layer.osm.pbf", nodes)


def test_a_child_gives_the_pairs_and_the_count_of_skipped_objects_the_importer_would(
    tmp_path, monkeypatch
):
    path = osm_file(tmp_path)
    here = MappedRecords(read_records(path), repr, path)
    assert not here.in_child  # a small file
    expected = list(here)
    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)
    there = MappedRecords(read_records(path), repr, path)
    assert there.in_child
    parent = os.getpid()
    assert list(there) == expected and len(expected) == 2_499
    assert there.skipped == here.skipped == 39
    assert os.getpid() == parent


def test_a_corrupt_file_read_by_a_child_fails_the_import_cleanly(tmp_path, monkeypatch, db):
    path = osm_file(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + b"\0garbage" * 64)
    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)
    with pytest.raises(UnreadableFile, match="cannot read as OSM PBF"):
        list(MappedRecords(read_records(path), repr, path))
    with pytest.raises(CommandError, match="could not be read"):
        call_command("import_cameras", str(path), stdout=StringIO(), stderr=StringIO())
    assert Camera.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_a_child_that_dies_is_an_error_not_a_hang(tmp_path, monkeypatch):
    path = osm_file(tmp_path)
    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)

    def dies(item):
        os._exit(3)

    with pytest.raises(RuntimeError, match="exit code 3"):
        list(MappedRecords(read_records(path), dies, path))


def test_a_whole_import_through_the_child_is_the_same_import(tmp_path, monkeypatch, db):
    path = osm_file(tmp_path, count=300)
    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)
    out = StringIO()
    call_command("import_cameras", str(path), stdout=out, stderr=StringIO())
    assert "created 299" in out.getvalue() and "39 objects skipped" in out.getvalue()
    assert set(Camera.objects.values_list("camera_type", flat=True)) == {"dome"}


def test_where_no_child_may_start_the_file_is_read_in_process(tmp_path, monkeypatch):
    import multiprocessing.context

    def refused(self):
        raise AssertionError("daemonic processes are not allowed to have children")

    monkeypatch.setattr(multiprocessing.context.ForkProcess, "start", refused)
    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)
    path = osm_file(tmp_path)
    pairs = MappedRecords(read_records(path), repr, path)
    assert len(list(pairs)) == 2_499 and pairs.skipped == 39


def test_only_the_main_thread_forks(tmp_path, monkeypatch):
    import threading

    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)
    path = osm_file(tmp_path)
    found = {}

    def in_a_web_worker_thread():
        pairs = MappedRecords(read_records(path), repr, path)
        found["in_child"], found["pairs"] = pairs.in_child, len(list(pairs))

    thread = threading.Thread(target=in_a_web_worker_thread)
    thread.start()
    thread.join()
    assert found == {"in_child": False, "pairs": 2_499}
