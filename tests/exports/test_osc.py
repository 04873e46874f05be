"""`export_cameras --format osc`: what OSM lacks, as osmChange, and back through a sync."""

from io import StringIO

import osmium
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from osmium.osm.mutable import Node

from surveillance_map.cameras.models import Camera
from surveillance_map.imports.models import SourceRecord
from tests.factories import make_camera
from tests.imports.replication import ReplicationDir, node, write_pbf

pytestmark = pytest.mark.django_db


def export(path, *args):
    call_command(
        "export_cameras",
        "--format",
        "osc",
        "-o",
        str(path),
        *args,
        stdout=StringIO(),
        stderr=StringIO(),
    )
    return path


def nodes_of(path) -> list:
    return [
        (n.id, n.location.lon, n.location.lat, dict(n.tags))
        for n in osmium.FileProcessor(str(path), osmium.osm.NODE)
    ]


def test_only_standing_cameras_osm_lacks_become_new_nodes(tmp_path):
    ours = make_camera(surveillance_type="ALPR", mount="pole", direction=90)
    make_camera(osm_id=5)  # OSM has it
    make_camera(status="removed")
    written = nodes_of(export(tmp_path / "new.osc"))
    assert [(i, t["man_made"], t["surveillance:type"]) for i, _, _, t in written] == [
        (-ours.pk, "surveillance", "ALPR")
    ]
    text = (tmp_path / "new.osc").read_text()
    assert text.startswith("<?xml") and "<osmChange" in text and "<create>" in text


def test_since_keeps_the_recent_ones(tmp_path):
    old = make_camera()
    Camera.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=9))
    new = make_camera()
    day = timezone.localdate().isoformat()
    assert [n[0] for n in nodes_of(export(tmp_path / "a.osc", "--since", day))] == [-new.pk]
    with pytest.raises(CommandError, match="not a YYYY-MM-DD"):
        export(tmp_path / "b.osc", "--since", "yesterday")


def test_an_uploaded_node_comes_back_as_the_same_camera(tmp_path):
    call_command(  # an extract, so the sync knows where to start
        "import_cameras",
        str(write_pbf(tmp_path / "x.pbf", [node(1, 9.0, 46.0)])),
        "--report",
        str(tmp_path / "r.csv"),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    ours = make_camera(surveillance_type="camera", camera_type="dome", direction=180)
    exported = nodes_of(export(tmp_path / "new.osc"))
    # What JOSM uploads: the same node, given a real id by the OSM API.
    uploaded = [
        Node(id=9000 + n, version=1, changeset=77, location=(lon, lat), tags=tags)
        for n, (_, lon, lat, tags) in enumerate(exported)
    ]
    replication = ReplicationDir(tmp_path / "replication")
    replication.add(0, [])
    replication.add(1, uploaded)
    call_command("sync_osm", "--replication-url", replication.url, "--once", stdout=StringIO())
    assert Camera.objects.count() == 2  # the extract's camera and ours: no duplicate
    ours.refresh_from_db()
    assert ours.osm_id == 9000
    assert SourceRecord.objects.get(ref="node/9000").camera == ours
    assert nodes_of(export(tmp_path / "again.osc")) == []
