"""Every write through the camera services leaves exactly one revision in the same transaction."""

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from surveillance_map.cameras import bulk, services
from surveillance_map.cameras.models import Camera, Revision
from tests.factories import make_camera, make_moderator

pytestmark = pytest.mark.django_db


def test_create_writes_a_create_revision_with_the_state():
    camera = make_camera(direction=90, capabilities=["infrared"])
    (revision,) = camera.revisions.all()
    assert revision.action == "create"
    assert revision.before is None
    assert revision.after["direction"] == 90
    assert revision.after["capabilities"] == ["infrared"]
    assert revision.after["location"] == [8.5417, 47.3769]


def test_update_records_before_after_and_the_moderator():
    alice = make_moderator()
    camera = make_camera(mount="wall")
    revision = services.camera_update(
        camera=camera, fields={"mount": "pole"}, actor=alice, reason="site visit"
    )
    assert (revision.before["mount"], revision.after["mount"]) == ("wall", "pole")
    assert revision.actor == alice
    assert revision.changed_fields == ["mount"]
    camera.refresh_from_db()
    assert camera.mount == "pole"


def test_update_without_change_writes_no_revision():
    camera = make_camera(mount="wall")
    assert services.camera_update(camera=camera, fields={"mount": "wall"}) is None
    assert camera.revisions.count() == 1


def test_capability_change_alone_is_a_revision():
    camera = make_camera()
    revision = services.camera_update(camera=camera, fields={}, capabilities=["face_recognition"])
    assert revision.after["capabilities"] == ["face_recognition"]
    assert list(camera.capabilities.values_list("code", flat=True)) == ["face_recognition"]


def test_retire_keeps_the_camera_and_marks_it_removed():
    camera = make_camera()
    revision = services.camera_retire(camera=camera, reason="gone")
    camera.refresh_from_db()
    assert camera.status == "removed"
    assert revision.action == "retire"
    assert Camera.objects.filter(pk=camera.pk).exists()


def test_invalid_values_are_refused_and_nothing_is_written():
    with pytest.raises(ValidationError) as error:
        make_camera(direction=400)
    assert "direction" in error.value.message_dict
    assert Camera.objects.count() == 0
    assert Revision.objects.count() == 0


def test_unknown_capability_rolls_the_whole_create_back():
    with pytest.raises(ValidationError):
        make_camera(capabilities=["mind_reading"])
    assert Camera.objects.count() == 0


def test_unknown_vocabulary_value_is_refused():
    with pytest.raises(ValidationError) as error:
        make_camera(mount="cloud")
    assert "mount" in error.value.message_dict


def test_bulk_create_writes_one_revision_per_camera():
    writes = [services.CameraWrite({"location": Point(i, i, srid=4326)}, ["ptz"]) for i in range(3)]
    cameras = Camera.objects.filter(pk__in=bulk.cameras_create_bulk(writes=writes, actor_label="t"))
    assert Revision.objects.filter(camera__in=cameras, action="create").count() == 3
    assert all(c.capabilities.get().code == "ptz" for c in cameras)


def test_services_refuse_fields_that_are_not_camera_fields():
    with pytest.raises(TypeError):
        make_camera(colour="red")
