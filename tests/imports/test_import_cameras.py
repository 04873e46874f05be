"""`import_cameras` on real files: exact counts, decoys, rejections, idempotency, provenance."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from surveillance_map.cameras.models import Camera, Revision
from surveillance_map.imports.models import ImportBatch, Source, SourceRecord
from surveillance_map.transparency.models import Vendor

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("import_cameras", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def write_osm(path, body: str):
    path.write_text(f'<?xml version="1.0"?>\n<osm version="0.6">\n{body}\n</osm>\n')
    return path


def test_swiss_overpass_sample_gives_one_camera_per_node_and_direction(data_dir, tmp_path):
    nodes = json.loads((data_dir / "osm_switzerland_overpass_elements.json").read_text())
    # Independent count: a node whose direction lists several values carries several cameras.
    expected = sum(
        len(n["tags"].get("camera:direction", "").replace(",", ";").split(";"))
        if any(sep in n["tags"].get("camera:direction", "") for sep in ";,")
        else 1
        for n in nodes
    )
    run(data_dir / "osm_switzerland_overpass_elements.json", "--report", tmp_path / "r.csv")
    assert Camera.objects.count() == expected == 2147
    assert Camera.objects.filter(osm_id__isnull=True).count() == 0
    assert Camera.objects.values("osm_id").distinct().count() == len(nodes)
    assert Source.objects.get().slug == "openstreetmap"
    assert Revision.objects.filter(action="create").count() == expected


def test_a_second_import_changes_nothing(data_dir, tmp_path):
    sample = data_dir / "osm_switzerland_overpass_elements.json"
    run(sample, "--report", tmp_path / "1.csv")
    revisions = Revision.objects.count()
    out = run(sample, "--report", tmp_path / "2.csv")
    assert "created 0, updated 0, unchanged 2,147, rejected 0" in out
    assert Revision.objects.count() == revisions
    assert ImportBatch.objects.count() == 2


def test_a_changed_record_updates_its_camera_with_a_revision(tmp_path):
    node = '<node id="7" lat="47.1" lon="8.1"><tag k="man_made" v="surveillance"/>{}</node>'
    run(write_osm(tmp_path / "a.osm", node.format('<tag k="camera:mount" v="wall"/>')))
    out = run(write_osm(tmp_path / "a.osm", node.format('<tag k="camera:mount" v="pole"/>')))
    assert "created 0, updated 1" in out
    camera = Camera.objects.get(osm_id=7)
    assert camera.mount == "pole"
    assert camera.revisions.last().changed_fields == ["mount", "original_tags"]


def test_unmapped_and_unknown_tags_survive_verbatim(data_dir, tmp_path):
    run(data_dir / "osm_switzerland_overpass_elements.json", "--report", tmp_path / "r.csv")
    webcam = Camera.objects.filter(extra_tags__surveillance="webcam").first()
    assert webcam is not None and webcam.placement == ""
    assert Camera.objects.filter(extra_tags__has_key="contact:webcam").count() == 124
    assert Camera.objects.filter(extra_tags__contains={"camera:mount": "wall/ceiling"}).count() == 3


def test_decoys_are_not_cameras(tmp_path):
    path = write_osm(
        tmp_path / "decoys.osm",
        """<node id="1" lat="47.0" lon="8.0"><tag k="man_made" v="surveillance"/></node>
<node id="2" lat="47.0" lon="8.0"><tag k="surveillance" v="outdoor"/></node>
<node id="3" lat="47.0" lon="8.0"/>
<node id="4" lat="47.1" lon="8.1"><tag k="man_made" v="surveillance"/></node>
<way id="5"><nd ref="1"/><nd ref="4"/><tag k="man_made" v="surveillance"/></way>""",
    )
    out = run(path)
    assert sorted(Camera.objects.values_list("osm_id", flat=True)) == [1, 4]
    assert "3 objects skipped" in out


def test_stacked_cameras_at_one_coordinate_stay_apart(tmp_path):
    node = '<node id="{}" lat="47.5" lon="8.5"><tag k="man_made" v="surveillance"/></node>'
    run(write_osm(tmp_path / "pole.osm", node.format(1) + node.format(2)))
    assert Camera.objects.count() == 2


def test_bad_coordinates_are_rejected_per_record_with_reason(tmp_path):
    path = tmp_path / "cams.csv"
    path.write_text("id,lat,lon\n1,53.46,-2.28\n2,534645.15,-2.28\n3,,-2.28\n4,abc,1\n")
    report = tmp_path / "rejects.csv"
    out = run(path, "--report", report, "--licence", "CC0-1.0")
    assert "created 1" in out and "rejected 3" in out
    rows = list(csv.DictReader(report.open()))
    rejected = {r["where"]: r["reason"] for r in rows if r["kind"] == "rejected"}
    assert set(rejected) == {"line 3", "line 4", "line 5"}
    assert "out of range" in rejected["line 3"]
    assert Camera.objects.get().location.y == pytest.approx(53.46)


def test_an_unreadable_file_fails_the_command(tmp_path):
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(CommandError, match="could not be read"):
        run(broken)
    assert Camera.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_csv_register_with_column_map(data_dir):
    run(
        data_dir / "registry_trafford_cctv.csv",
        "--map", "name=location,ref=camera_id",
        "--source", "Trafford CCTV",
        "--licence", "OGL-3.0",
    )  # fmt: skip
    assert Camera.objects.count() == 163
    camera = SourceRecord.objects.get(ref="1001").camera
    assert camera.name == "Trafford Wharf Road"
    assert camera.extra_tags["area_code"] == "E05015247"
    assert (camera.location.x, camera.location.y) == (-2.284777, 53.464515)


def test_the_same_register_as_csv_and_geojson_is_one_set_of_cameras(data_dir):
    args = ("--map", "name=location,ref=camera_id", "--source", "Trafford CCTV")
    run(data_dir / "registry_trafford_cctv.csv", *args)
    out = run(data_dir / "registry_trafford_cctv.geojson", *args)
    assert "unchanged 163" in out
    assert Camera.objects.count() == 163


def test_geojson_without_properties(data_dir):
    run(data_dir / "community_dakar_videosurveillance.geojson")
    assert Camera.objects.count() == 103


def test_dry_run_saves_nothing(data_dir):
    out = run(data_dir / "community_dakar_videosurveillance.geojson", "--dry-run")
    assert "DRY RUN" in out and "created 103" in out
    assert Camera.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_duplicate_ids_in_one_file_are_rejected(tmp_path):
    path = tmp_path / "dups.csv"
    path.write_text("ref,lat,lon\nA,1,1\nA,2,2\n")
    out = run(path)
    assert "created 1" in out and "rejected 1" in out


def test_vendor_spellings_become_one_vendor_and_keep_the_original(tmp_path):
    node = (
        '<node id="{}" lat="33.7" lon="-84.4"><tag k="man_made" v="surveillance"/>'
        '<tag k="surveillance:type" v="ALPR"/><tag k="manufacturer" v="{}"/></node>'
    )
    names = ["Flock", "Flock Safety", "Flock Group Inc."]
    run(write_osm(tmp_path / "f.osm", "".join(node.format(i, n) for i, n in enumerate(names, 1))))
    assert Vendor.objects.count() == 1
    assert sorted(Camera.objects.values_list("manufacturer", flat=True)) == sorted(names)
    assert all(c.capabilities.filter(code="plate_reading").exists() for c in Camera.objects.all())


def test_pbf_files_are_read(tmp_path):
    import osmium

    path = tmp_path / "cams.osm.pbf"
    with osmium.SimpleWriter(str(path)) as writer:
        writer.add_node(
            osmium.osm.mutable.Node(
                id=42, location=(8.5, 47.4), tags={"man_made": "surveillance", "height": "3 m"}
            )
        )
    run(path)
    assert Camera.objects.get(osm_id=42).height == 3.0


def test_a_brand_alone_does_not_make_a_vendor(tmp_path):
    node = (
        '<node id="1" lat="46.5" lon="6.6"><tag k="man_made" v="surveillance"/>'
        '<tag k="brand" v="Banque Cantonale Vaudoise"/></node>'
    )
    run(write_osm(tmp_path / "bank.osm", node))
    camera = Camera.objects.get()
    assert camera.vendor is None and camera.brand == "Banque Cantonale Vaudoise"
