"""Plain factories: a valid object in one line, with keyword overrides (Geotrek style)."""

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point

from surveillance_map.cameras import services
from surveillance_map.cameras.models import Camera
from surveillance_map.transparency.models import Operator, Program, Vendor

# A street corner in Zurich.
DEFAULT_LON, DEFAULT_LAT = 8.5417, 47.3769


def make_camera(*, capabilities=(), actor=None, **fields) -> Camera:
    fields.setdefault("location", Point(DEFAULT_LON, DEFAULT_LAT, srid=4326))
    fields.setdefault("surveillance_type", "camera")
    return services.camera_create(
        fields=fields, capabilities=capabilities, actor=actor, actor_label="test"
    )


def make_vendor(name="Hikvision", **fields) -> Vendor:
    fields.setdefault("slug", name.lower().replace(" ", "-"))
    return Vendor.objects.create(name=name, **fields)


def make_operator(name="City Police", **fields) -> Operator:
    fields.setdefault("slug", name.lower().replace(" ", "-"))
    fields.setdefault("operator_type", "police")
    return Operator.objects.create(name=name, **fields)


def make_program(name="ECU-911", **fields) -> Program:
    fields.setdefault("slug", name.lower())
    return Program.objects.create(name=name, **fields)


def make_moderator(username="alice"):
    return get_user_model().objects.create_user(username=username, password="x", is_staff=True)
