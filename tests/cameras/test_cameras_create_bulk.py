"""`bulk.cameras_create_bulk` (COPY on PostgreSQL): the rows, their revisions and the same checks
as one-by-one creation."""

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from surveillance_map.cameras import bulk, services
from surveillance_map.cameras.models import Camera, CameraCapability, Revision
from tests.factories import make_operator, make_vendor

pytestmark = pytest.mark.django_db


def write(lon=8.54, lat=47.37, capabilities=(), **fields):
    return services.CameraWrite({"location": Point(lon, lat, srid=4326), **fields}, capabilities)


def test_it_saves_every_field_and_hands_back_the_ids_in_order():
    operator, vendor = make_operator(), make_vendor()
    writes = [
        write(name="Gate", mount="pole", direction=90, height=4.5, operator=operator),
        write(lon=8.55, vendor=vendor, first_seen="2024-05-01", extra_tags={"level": "1"}),
    ]

    ids = bulk.cameras_create_bulk(writes=writes, actor_label="test")

    assert ids == list(Camera.objects.order_by("pk").values_list("pk", flat=True))
    gate, other = (Camera.objects.get(pk=pk) for pk in ids)
    assert (gate.name, gate.mount, gate.direction, gate.height) == ("Gate", "pole", 90, 4.5)
    assert gate.operator == operator and other.vendor == vendor
    assert str(other.first_seen) == "2024-05-01" and other.extra_tags == {"level": "1"}
    assert other.location.x == pytest.approx(8.55)
    assert gate.created_at and gate.updated_at and gate.country == "CH"


def test_links_and_capabilities_rest_on_the_calls_basis():
    [pk] = bulk.cameras_create_bulk(
        writes=[write(operator=make_operator(), capabilities=["ptz", "ptz"])],
        actor_label="t",
        basis="documented",
    )

    camera = Camera.objects.get(pk=pk)
    assert (camera.operator_basis, camera.vendor_basis, camera.program_basis) == (
        "documented",
        "",
        "",
    )
    assert list(CameraCapability.objects.values_list("basis", flat=True)) == ["documented"]


def test_each_revision_is_the_saved_cameras_state():
    ids = bulk.cameras_create_bulk(
        writes=[
            write(capabilities=["ptz", "infrared"], tilt=-20, operator=make_operator()),
            write(lon=9.0, first_seen="2024-05-01", extra_tags={"a": "b"}),
        ],
        actor_label="import batch 1",
    )

    for pk in ids:
        revision = Revision.objects.get(camera_id=pk)
        assert revision.action == Revision.Action.CREATE
        assert revision.actor_label == "import batch 1"
        assert revision.after == services.camera_state(Camera.objects.get(pk=pk))
    codes = Camera.objects.get(pk=ids[0]).capabilities.values_list("code", flat=True)
    assert sorted(codes) == ["infrared", "ptz"]


def test_an_unknown_operator_id_is_refused_and_nothing_is_written():
    with pytest.raises(ValidationError) as error:
        bulk.cameras_create_bulk(writes=[write(), write(operator_id=987654)], actor_label="t")

    assert "operator" in error.value.message_dict
    assert not Camera.objects.exists() and not Revision.objects.exists()


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"mount": "balloon"}, "mount"),  # not a choice
        ({"name": "x" * 201}, "name"),  # too long
        ({"direction": 360}, "direction"),  # out of range
        ({"first_seen": "yesterday"}, "first_seen"),  # not a date
        ({"status": ""}, "status"),  # required
    ],
)
def test_field_validation_still_applies_to_every_camera(fields, field):
    with pytest.raises(ValidationError) as error:
        bulk.cameras_create_bulk(writes=[write(), write(**fields)], actor_label="t")

    assert field in error.value.message_dict
    assert not Camera.objects.exists()


def test_a_name_that_is_not_a_camera_field_is_a_programming_error():
    with pytest.raises(TypeError):
        bulk.cameras_create_bulk(writes=[write(colour="red")], actor_label="t")
