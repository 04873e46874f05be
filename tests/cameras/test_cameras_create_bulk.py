"""`cameras_create_bulk` (COPY on PostgreSQL): the rows, their revisions and the same checks as
one-by-one creation."""

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from surveillance_map.cameras import services
from surveillance_map.cameras.models import Camera, Revision
from tests.factories import make_operator, make_vendor

pytestmark = pytest.mark.django_db


def write(lon=8.54, lat=47.37, capabilities=(), **fields):
    return services.CameraWrite({"location": Point(lon, lat, srid=4326), **fields}, capabilities)


def test_it_saves_every_field_and_hands_back_saved_cameras():
    operator, vendor = make_operator(), make_vendor()
    writes = [
        write(name="Gate", mount="pole", direction=90, height=4.5, operator=operator),
        write(lon=8.55, vendor=vendor, first_seen="2024-05-01", extra_tags={"level": "1"}),
    ]

    cameras = services.cameras_create_bulk(writes=writes, actor_label="test")

    assert [c.pk for c in cameras] == list(Camera.objects.values_list("pk", flat=True))
    assert all(not c._state.adding and c.created_at and c.updated_at for c in cameras)
    gate, other = Camera.objects.all()
    assert (gate.name, gate.mount, gate.direction, gate.height) == ("Gate", "pole", 90, 4.5)
    assert gate.operator == operator and other.vendor == vendor
    assert str(other.first_seen) == "2024-05-01" and other.extra_tags == {"level": "1"}
    assert other.location.x == pytest.approx(8.55)


def test_each_revision_is_the_saved_cameras_state():
    cameras = services.cameras_create_bulk(
        writes=[write(capabilities=["ptz", "infrared"], tilt=-20), write(lon=9.0)],
        actor_label="import batch 1",
    )

    for camera in cameras:
        revision = Revision.objects.get(camera=camera)
        assert revision.action == Revision.Action.CREATE
        assert revision.actor_label == "import batch 1"
        assert revision.after == services.camera_state(Camera.objects.get(pk=camera.pk))
    assert sorted(cameras[0].capabilities.values_list("code", flat=True)) == ["infrared", "ptz"]


def test_an_unknown_operator_id_is_refused_and_nothing_is_written():
    with pytest.raises(ValidationError) as error:
        services.cameras_create_bulk(writes=[write(), write(operator_id=987654)], actor_label="t")

    assert "operator" in error.value.message_dict
    assert not Camera.objects.exists() and not Revision.objects.exists()


def test_field_validation_still_applies_to_every_camera():
    with pytest.raises(ValidationError) as error:
        services.cameras_create_bulk(writes=[write(), write(mount="balloon")], actor_label="t")

    assert "mount" in error.value.message_dict
    assert not Camera.objects.exists()
