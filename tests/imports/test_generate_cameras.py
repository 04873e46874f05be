"""`generate_cameras`: synthetic benchmark data that is realistic, complete and never mistaken
for real data."""

import math

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from surveillance_map.cameras import selectors, services
from surveillance_map.cameras.models import Camera, Capability, Revision
from surveillance_map.cameras.vocabularies import (
    CameraType,
    Dataset,
    Mount,
    Placement,
    Status,
    SurveillanceType,
    Zone,
)
from surveillance_map.imports import synthetic
from surveillance_map.maps.models import TileCell, TileCellPending
from surveillance_map.transparency.models import Operator, Vendor
from tests.factories import make_camera
from tests.maps.helpers import assert_matches_rebuild

pytestmark = pytest.mark.django_db


def generate(count, seed=0, *args):
    call_command("generate_cameras", "--count", str(count), "--seed", str(seed), *args)


def locations(cameras) -> list[tuple[float, float]]:
    return [(c.location.x, c.location.y) for c in cameras.order_by("id")]


def km_to_nearest_city(lon: float, lat: float) -> float:
    def haversine(lat2, lon2):
        dlat, dlon = math.radians(lat2 - lat), math.radians(lon2 - lon)
        a = (
            math.sin(dlat / 2) ** 2
            + math.cos(math.radians(lat)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
        )
        return 6371 * 2 * math.asin(math.sqrt(a))

    return min(haversine(city_lat, city_lon) for _, city_lat, city_lon in synthetic.CITIES)


def test_it_creates_exactly_the_count_all_synthetic_each_with_a_create_revision():
    generate(2000)

    assert Camera.objects.count() == 2000
    assert not Camera.objects.exclude(dataset=Dataset.SYNTHETIC).exists()
    revisions = Revision.objects.filter(camera__dataset=Dataset.SYNTHETIC)
    assert revisions.count() == 2000
    assert set(revisions.values_list("action", flat=True)) == {Revision.Action.CREATE}
    assert revisions.values("camera").distinct().count() == 2000


def test_each_create_revision_is_the_cameras_state():
    generate(300, 5)

    for camera in Camera.objects.prefetch_related("revisions"):
        (revision,) = camera.revisions.all()
        assert revision.after == services.camera_state(camera)


def test_every_vocabulary_value_is_represented():
    generate(2000)

    cameras = Camera.objects.all()
    for field, vocabulary in [
        ("surveillance_type", SurveillanceType),
        ("camera_type", CameraType),
        ("mount", Mount),
        ("zone", Zone),
        ("placement", Placement),
        ("status", Status),
    ]:
        used = set(cameras.values_list(field, flat=True))
        assert set(vocabulary.values) <= used, field
    codes = set(Capability.objects.filter(cameras__isnull=False).values_list("code", flat=True))
    assert codes == set(Capability.objects.values_list("code", flat=True))
    assert cameras.filter(direction__isnull=False).exists()
    ranges = cameras.filter(direction_from__isnull=False)
    assert ranges.exists()
    assert not ranges.filter(direction_to__isnull=True).exists()
    for field in ("tilt", "height", "angle_of_view", "first_seen", "last_verified"):
        assert cameras.filter(**{f"{field}__isnull": False}).exists(), field
    operators = Operator.objects.filter(camera__isnull=False).distinct()
    vendors = Vendor.objects.filter(camera__isnull=False).distinct()
    assert operators.count() == synthetic.OPERATOR_COUNT
    assert vendors.count() == synthetic.VENDOR_COUNT
    assert all(o.name.startswith("Synthetic operator") for o in operators)
    assert all(v.name.startswith("Synthetic vendor") for v in vendors)


def test_the_same_seed_gives_the_same_locations_and_another_seed_does_not():
    generate(500, 3)
    first = locations(Camera.objects.all())
    call_command("generate_cameras", "--delete")
    generate(500, 3)
    again = locations(Camera.objects.all())
    call_command("generate_cameras", "--delete")
    generate(500, 4)
    other = locations(Camera.objects.all())

    assert again == first
    assert other != first


def test_cameras_cluster_in_cities_with_some_in_the_countryside():
    generate(2000)

    distances = [km_to_nearest_city(lon, lat) for lon, lat in locations(Camera.objects.all())]
    near = sum(d < 50 for d in distances) / len(distances)
    far = sum(d > 200 for d in distances) / len(distances)
    assert near > 0.75
    assert far > 0.03


def test_bigger_cities_get_more_cameras():
    generate(2000)

    def around(city: str) -> int:
        _, lat, lon = next(c for c in synthetic.CITIES if c[0] == city)
        return sum(
            km_to_nearest_city(x, y) < 50 and abs(y - lat) < 1 and abs(x - lon) < 1.5
            for x, y in locations(Camera.objects.all())
        )

    assert around("London") > 3 * around("Geneva")


def test_delete_removes_synthetic_rows_only():
    real = make_camera(name="Real camera", capabilities=["infrared"])
    generate(300)

    call_command("generate_cameras", "--delete")

    assert list(Camera.objects.all()) == [real]
    assert list(Revision.objects.values_list("camera_id", flat=True)) == [real.pk]
    assert list(real.capabilities.values_list("code", flat=True)) == ["infrared"]
    assert not Operator.objects.filter(slug__startswith="synthetic-").exists()
    assert not Vendor.objects.filter(slug__startswith="synthetic-").exists()


def test_camera_list_does_not_see_synthetic_cameras():
    real = make_camera()
    generate(200)

    assert list(selectors.camera_list()) == [real]
    assert selectors.camera_list(include_synthetic=True).count() == 201


def test_a_bulk_load_puts_back_every_index_and_foreign_key():
    def schema():
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT pg_get_indexdef(indexrelid) FROM pg_index
                WHERE indrelid IN ('cameras_camera'::regclass, 'cameras_revision'::regclass)
                UNION ALL
                SELECT conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated
                FROM pg_constraint WHERE conrelid IN (
                    'cameras_camera'::regclass, 'cameras_revision'::regclass,
                    'cameras_camera_capabilities'::regclass)"""
            )
            return sorted(row[0] for row in cursor.fetchall())

    make_camera()
    before = schema()
    synthetic.generate(count=500, rebuild_indexes=True)

    assert schema() == before
    assert Camera.objects.filter(dataset=Dataset.SYNTHETIC).count() == 500
    assert Revision.objects.count() == 501


@pytest.mark.skipif(connection.vendor != "postgresql", reason="tile cells live in PostGIS")
def test_a_load_into_a_populated_database_queues_its_tile_cells(
    django_capture_on_commit_callbacks,
):
    make_camera()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        synthetic.generate(count=300, seed=3)
    # Nothing written to the cells (nor locked) by the load's transaction: queued instead.
    assert sum(TileCell.objects.filter(zoom=0).values_list("count", flat=True)) == 1
    assert TileCellPending.objects.exists()
    assert [c.__qualname__ for c in callbacks] == ["apply_pending_cells"]
    callbacks[0]()
    assert sum(TileCell.objects.filter(zoom=0).values_list("count", flat=True)) == 301
    assert_matches_rebuild()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="tile cells live in PostGIS")
def test_a_bulk_load_rebuilds_the_tile_cells_at_its_end(django_capture_on_commit_callbacks):
    make_camera()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        synthetic.generate(count=300, seed=3, rebuild_indexes=True)
    assert callbacks == [] and not TileCellPending.objects.exists()
    assert sum(TileCell.objects.filter(zoom=0).values_list("count", flat=True)) == 301
    assert_matches_rebuild()


@pytest.mark.parametrize("args", [[], ["--count", "0"], ["--delete", "--count", "5"]])
def test_it_refuses_a_missing_or_contradictory_count(args):
    with pytest.raises(CommandError):
        call_command("generate_cameras", *args)
