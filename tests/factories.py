"""Plain factories: a valid object in one line, with keyword overrides (Geotrek style)."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from PIL import Image

from surveillance_map.areas.models import Area
from surveillance_map.cameras import services
from surveillance_map.cameras.models import Camera
from surveillance_map.sightings import services as sighting_services
from surveillance_map.sightings.models import Sighting
from surveillance_map.transparency.models import Operator, Program, Vendor

# A street corner in Zurich.
DEFAULT_LON, DEFAULT_LAT = 8.5417, 47.3769


def make_camera(*, capabilities=(), actor=None, basis="tagged", **fields) -> Camera:
    """A camera whose claims rest on `basis` (by default as if imported with a source's tags)."""
    fields.setdefault("location", Point(DEFAULT_LON, DEFAULT_LAT, srid=4326))
    fields.setdefault("surveillance_type", "camera")
    return services.camera_create(
        fields=fields, capabilities=capabilities, basis=basis, actor=actor, actor_label="test"
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


def make_user(username: str, *, moderator: bool = False, **fields):
    """A user whose password is "pw-<username>"; a moderator holds the real permission."""
    user = get_user_model().objects.create_user(
        username=username, password="pw-" + username, **fields
    )
    if moderator:
        user.user_permissions.add(
            Permission.objects.get(codename="moderate", content_type__app_label="sightings")
        )
    return user


def make_moderator(username="alice", **fields):
    return make_user(username, moderator=True, **fields)


def make_sighting(*, kind="new", camera=None, photos=(), **fields) -> Sighting:
    fields.setdefault("location", Point(DEFAULT_LON + 0.01, DEFAULT_LAT, srid=4326))
    fields.setdefault("surveillance_type", "camera")
    return sighting_services.sighting_submit(kind=kind, camera=camera, fields=fields, photos=photos)


# Around Zurich's old town (the default camera stands inside it).
AREA_BOX = (8.53, 47.36, 8.56, 47.38)


def make_area(slug="testville", bbox=AREA_BOX, **fields) -> Area:
    fields.setdefault("name", slug.title())
    fields.setdefault("kind", Area.Kind.CITY)
    return Area.objects.create(
        slug=slug, geometry=MultiPolygon(Polygon.from_bbox(bbox), srid=4326), **fields
    )


def jpeg_bytes(*, size=(64, 48), exif=None, color=(200, 30, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG", exif=exif or b"", **save)
    return out.getvalue()


def gps_exif() -> Image.Exif:
    """EXIF naming a device and a GPS position, as phones write it."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15 Pro"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (47.0, 22.0, 36.84)
    gps[3] = "E"
    gps[4] = (8.0, 32.0, 30.12)
    return exif


def log_in_verified(client, user):
    """Log `user` into the test client as after both login steps: the password, then a code from
    a confirmed TOTP device (moderator and staff pages require the second factor when DEBUG is
    off, as in tests)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def totp_code(device) -> str:
    """The code the user's authenticator app shows right now for `device`."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits):0{device.digits}d}"
