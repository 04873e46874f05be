"""The data version in tile URLs and ETags moves with every write a tile could show."""

import pytest

from surveillance_map.cameras import services
from surveillance_map.maps.cells import data_version
from surveillance_map.maps.models import DataVersion
from tests.factories import make_camera, make_vendor

pytestmark = pytest.mark.django_db


def test_camera_writes_move_the_version():
    before = data_version()
    camera = make_camera()
    created = data_version()
    services.camera_update(camera=camera, fields={"name": "x"}, actor_label="t")
    renamed = data_version()
    services.camera_update(camera=camera, fields={}, capabilities=["ptz"], actor_label="t")
    assert before < created < renamed < data_version()


def test_a_vendor_rename_moves_the_version():
    vendor = make_vendor("Hikvision")
    before = data_version()
    vendor.name = "Hikvision Digital"
    vendor.save()
    assert data_version() > before


def test_a_lost_version_row_comes_back_with_a_fresh_number():
    old = data_version()
    DataVersion.objects.all().delete()
    assert data_version() > old


def test_a_process_reuses_the_version_it_read_for_a_moment(settings, django_assert_num_queries):
    first = data_version()  # read fresh (tests reuse nothing)
    settings.DATA_VERSION_SECONDS = 60
    with django_assert_num_queries(0):
        assert data_version() == first  # a cached tile costs no database round trip
    make_camera()
    assert data_version() == first  # the change shows once the moment has passed
    settings.DATA_VERSION_SECONDS = 0
    assert data_version() > first


def test_sightings_and_evidence_move_the_page_version_only():
    from surveillance_map.maps.cells import page_version
    from surveillance_map.transparency.models import Evidence
    from tests.factories import make_sighting

    camera = make_camera()
    tiles, pages = data_version(), page_version()
    make_sighting(kind="edit", camera=camera, note="the sign is new")  # pending: no camera change
    assert data_version() == tiles  # cached tiles stay good
    assert page_version() > pages
    pages = page_version()
    Evidence.objects.create(camera=camera, kind="procurement", title="Tender")
    assert page_version() > pages
