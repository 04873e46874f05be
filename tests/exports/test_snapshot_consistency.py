"""Every file of a snapshot shows the same state, even while cameras are edited meanwhile."""

import csv
import json
import threading

import pytest
from django.db import connection

from surveillance_map.cameras import services
from surveillance_map.exports import snapshots
from surveillance_map.imports.readers import read_records
from tests.factories import make_camera

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL"),
]


def _in_another_session(work) -> None:
    def run():
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def test_files_written_after_an_edit_still_show_the_state_at_the_start(
    settings, tmp_path, monkeypatch
):
    settings.VAR_DIR = tmp_path
    kept, retired = make_camera(mount="wall"), make_camera(mount="pole")
    write_export = snapshots.write_export

    def write_then_edit(fmt, cameras, path, progress=None):
        write_export(fmt, cameras, path, progress)
        if fmt == "geojson":  # the first file is written; a moderator edits meanwhile
            _in_another_session(
                lambda: (
                    services.camera_retire(camera=retired),
                    services.camera_update(camera=kept, fields={"mount": "ceiling"}),
                    make_camera(name="added meanwhile"),
                )
            )

    monkeypatch.setattr(snapshots, "write_export", write_then_edit)
    snapshot = snapshots.publish_snapshot()
    features = json.loads((snapshot.path / "cameras.geojson").read_text())["features"]
    rows = list(csv.DictReader((snapshot.path / "cameras.csv").open()))
    nodes = list(read_records(snapshot.path / "cameras.osm"))
    expected = {(kept.pk, "wall", "active"), (retired.pk, "pole", "active")}
    assert {
        (f["properties"]["sm:id"], f["properties"]["camera:mount"], f["properties"]["sm:status"])
        for f in features
    } == expected
    assert {(int(r["id"]), r["mount"], r["status"]) for r in rows} == expected
    assert {n.tags["camera:mount"] for n in nodes} == {"wall", "pole"}
    assert snapshot.manifest["counts"]["cameras"] == 2
