"""Personas and helpers: Alice and Bob moderate; Mallory is logged in but no moderator."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.gis.geos import Point
from django.core.cache import cache
from PIL import Image

from surveillance_map.sightings import services
from tests.factories import DEFAULT_LAT, DEFAULT_LON


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def make_user(username: str, *, moderator: bool):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username)
    if moderator:
        user.user_permissions.add(
            Permission.objects.get(codename="moderate", content_type__app_label="sightings")
        )
    return user


@pytest.fixture
def alice(db):
    return make_user("alice", moderator=True)


@pytest.fixture
def bob(db):
    return make_user("bob", moderator=True)


@pytest.fixture
def mallory(db):
    return make_user("mallory", moderator=False)


def make_sighting(*, kind="new", camera=None, photos=(), **fields):
    fields.setdefault("location", Point(DEFAULT_LON + 0.01, DEFAULT_LAT, srid=4326))
    fields.setdefault("surveillance_type", "camera")
    return services.sighting_submit(kind=kind, camera=camera, fields=fields, photos=photos)


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
