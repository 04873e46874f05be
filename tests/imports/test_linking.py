"""One camera, several sources: a register and OpenStreetMap describing the same device."""

import json
import math
import random
from io import StringIO

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveillance_map.cameras.models import Camera
from surveillance_map.imports import linking
from surveillance_map.imports.linking import REACH_DEGREES, Linkable, _cell, find_matches
from surveillance_map.imports.models import Source, SourceRecord
from surveillance_map.sightings.models import Review
from tests.factories import log_in_verified, make_moderator
from tests.imports.replication import node, write_pbf

pytestmark = pytest.mark.django_db

# Trafford Wharf Road (camera 1001 of the council register), and a point ~2.2 m east of it.
LON, LAT = -2.284777, 53.464515
NEAR_LON = LON + 0.000033


def run_import(path, *args):
    call_command("import_cameras", str(path), *args, stdout=StringIO(), stderr=StringIO())


def register(tmp_path, rows):
    path = tmp_path / "register.csv"
    lines = ["camera_id,location,lon,lat"] + [
        f"{ref},{name},{lon},{lat}" for ref, name, lon, lat in rows
    ]
    path.write_text("\n".join(lines) + "\n")
    run_import(
        path, "--source", "Trafford CCTV", "--licence", "OGL-3.0", "--report", tmp_path / "r1.csv"
    )


def osm(tmp_path, nodes):
    run_import(write_pbf(tmp_path / "osm.pbf", nodes), "--report", tmp_path / "r2.csv")


def test_the_same_camera_from_two_sources_is_one_camera_with_both_listed(tmp_path, client):
    register(tmp_path, [(1001, "Trafford Wharf Road", LON, LAT)])
    osm(tmp_path, [node(42, NEAR_LON, LAT, tags={"camera:mount": "pole"})])
    camera = Camera.objects.get()
    assert camera.osm_id == 42 and camera.mount == "pole"  # what the register lacked
    records = {(r.source.slug, r.ref, r.linked) for r in camera.source_records.all()}
    assert records == {("trafford-cctv", "1001", ""), ("openstreetmap", "node/42", "matched")}

    api = client.get(f"/api/v1/cameras/{camera.pk}/").json()["properties"]["sources"]
    assert [(s["source"], s["ref"], s["link"]) for s in api] == [
        ("trafford-cctv", "1001", "own"),
        ("openstreetmap", "node/42", "matched"),
    ]
    page = client.get(f"/cameras/{camera.pk}/").content.decode()
    assert "Trafford CCTV" in page and "node/42" in page
    features = client.get("/api/v1/cameras/").json()["features"]
    assert len(features) == 1  # the map and the API show it once
    exported = json.loads(b"".join(client.get("/api/v1/cameras.geojson").streaming_content))
    [feature] = exported["features"]
    assert feature["properties"]["sm:sources"] == "trafford-cctv:1001;openstreetmap:node/42"
    csv_text = b"".join(client.get("/api/v1/cameras.csv").streaming_content).decode()
    assert csv_text.splitlines()[0].endswith(",sources")
    assert csv_text.splitlines()[1].endswith(",trafford-cctv:1001;openstreetmap:node/42")


def test_contradicting_attributes_or_distance_keep_cameras_apart(tmp_path):
    register(tmp_path, [(1, "a", LON, LAT), (2, "b", LON + 0.001, LAT)])
    Camera.objects.filter(source_records__ref="1").update(surveillance_type="camera")
    osm(
        tmp_path,
        [
            node(1, NEAR_LON, LAT, tags={"surveillance:type": "ALPR"}),
            node(2, LON + 0.0011, LAT),  # ~7 m from register camera 2: too far
        ],
    )
    assert Camera.objects.count() == 4
    assert not SourceRecord.objects.exclude(linked="").exists()


def test_two_cameras_in_reach_are_a_question_for_a_moderator(tmp_path, client):
    register(tmp_path, [(1, "a", LON, LAT), (2, "b", LON, LAT + 0.00002)])
    osm(tmp_path, [node(7, NEAR_LON, LAT)])
    review = Review.objects.get()
    first, second = (Camera.objects.get(source_records__ref=r) for r in ("1", "2"))
    assert review.kind == "duplicate" and set(review.candidates) == {first.pk, second.pk}
    new = review.camera
    assert new.source_records.get().ref == "node/7"

    log_in_verified(client, make_moderator())
    assert f"review-{review.pk}" in client.get("/moderation/").content.decode()
    client.post(f"/moderation/reviews/{review.pk}/link/{second.pk}/")
    review.refresh_from_db()
    new.refresh_from_db()
    assert review.status == "linked" and new.status == "removed"
    assert SourceRecord.objects.get(ref="node/7").camera == second


def test_a_moderator_can_split_a_link(tmp_path, client):
    register(tmp_path, [(1001, "Trafford Wharf Road", LON, LAT)])
    osm(tmp_path, [node(42, NEAR_LON, LAT, tags={"camera:mount": "pole"})])
    record = SourceRecord.objects.get(ref="node/42")
    log_in_verified(client, make_moderator())
    client.post(f"/moderation/sources/{record.pk}/split/")
    record.refresh_from_db()
    assert Camera.objects.count() == 2
    assert record.camera.osm_id == 42 and record.camera.location.x == pytest.approx(NEAR_LON)


def test_only_cameras_that_stood_when_the_run_began_are_looked_at(django_assert_num_queries):
    source = Source.objects.create(name="A register", slug="a-register")
    empty = Linkable.standing_now(records=5000)
    assert (empty.up_to_id, empty.cells) == (0, set())
    with django_assert_num_queries(0):  # an empty database: nothing to look at
        assert find_matches([(LON, LAT, {})], source_id=source.pk, linkable=empty) == [None]

    camera = Camera.objects.create(location=Point(LON, LAT, srid=4326))
    linkable = Linkable.standing_now(records=5000)
    [match] = find_matches([(NEAR_LON, LAT, {})], source_id=source.pk, linkable=linkable)
    assert match.camera_id == camera.pk
    with django_assert_num_queries(0):  # 100 m away: no camera in reach, no query
        far = [(LON + 0.0015, LAT, {})]
        assert find_matches(far, source_id=source.pk, linkable=linkable) == [None]

    # A camera made after the run began (its own, with a record of its source) is not looked at.
    later = Camera.objects.create(location=Point(LON + 0.0015, LAT, srid=4326))
    assert later.pk > linkable.up_to_id
    now = Linkable.standing_now(records=5000)
    with_later = Linkable(linkable.up_to_id, linkable.cells | now.cells)
    assert find_matches(far, source_id=source.pk, linkable=with_later) == [None]


def test_a_small_run_asks_about_every_record_instead_of_reading_every_camera():
    camera = Camera.objects.create(location=Point(LON, LAT, srid=4326))
    linkable = Linkable.standing_now(records=3)  # a minutely diff's few nodes
    assert (linkable.up_to_id, linkable.cells) == (camera.pk, None)
    assert linkable.may_reach(LON + 1, LAT)


def test_with_too_many_cameras_to_keep_every_record_is_looked_up(monkeypatch):
    source = Source.objects.create(name="A register", slug="a-register")
    for lon in (LON, LON + 1):
        Camera.objects.create(location=Point(lon, LAT, srid=4326))
    monkeypatch.setattr(linking, "GRID_MAX_CAMERAS", 1)
    linkable = linking.Linkable.standing_now(records=5000)
    assert linkable.cells is None and linkable.may_reach(0.0, 0.0)
    [match] = linking.find_matches([(NEAR_LON, LAT, {})], source_id=source.pk, linkable=linkable)
    assert match.camera_id == Camera.objects.order_by("id").first().pk


def test_the_grid_keeps_every_camera_within_the_database_reach():
    rng = random.Random(7)
    for _ in range(2_000):
        lon, lat = rng.uniform(-179, 179), rng.uniform(-89, 89)
        linkable = Linkable(1, {_cell(lon, lat)})
        angle = rng.uniform(0, 6.2832)
        near = rng.uniform(0, REACH_DEGREES)
        point = (lon + near * math.cos(angle), lat + near * math.sin(angle))
        assert linkable.may_reach(*point)
    assert not Linkable(1, {_cell(LON, LAT)}).may_reach(LON + 3 * REACH_DEGREES, LAT)


def test_a_first_import_does_not_look_up_records_the_source_cannot_have(tmp_path):
    def lookups(queries):
        lookup = '"imports_sourcerecord"."ref" IN'
        return [q for q in queries.captured_queries if lookup in q["sql"]]

    with CaptureQueriesContext(connection) as first:
        osm(tmp_path, [node(1, LON, LAT), node(2, NEAR_LON + 0.01, LAT)])
    assert lookups(first) == [] and SourceRecord.objects.count() == 2
    with CaptureQueriesContext(connection) as again:
        run_import(tmp_path / "osm.pbf", "--report", tmp_path / "r3.csv")
    assert lookups(again) and Camera.objects.count() == 2  # found again: nothing new
