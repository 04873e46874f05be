"""A small public world for hostile requests to hit, and Django set up as a server runs it."""

from datetime import date

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from surveillance_map.api.throttling import HashedAnonRateThrottle
from surveillance_map.areas.models import Area
from surveillance_map.sightings import services
from surveillance_map.transparency.models import Evidence
from tests.factories import make_camera, make_moderator, make_operator, make_program, make_vendor


@pytest.fixture
def world(db, settings, tmp_path, monkeypatch):
    """Cameras with operator, vendor, program, evidence and history; an area; and limits lifted
    (rate limits would turn most generated requests into 429s)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    settings.ALLOWED_HOSTS = ["*"]
    settings.SIGHTINGS_PER_HOUR = 10**6
    monkeypatch.setattr(HashedAnonRateThrottle, "THROTTLE_RATES", {"anon": "1000000/minute"})
    cache.clear()
    vendor = make_vendor(country_of_origin="CN", aliases=["HIK"], restrictions="FCC list")
    operator = make_operator()
    program = make_program(operator=operator, country="EC", year_started=2011)
    program.vendors.add(vendor)
    Evidence.objects.create(vendor=vendor, kind="news", title="A report", url="https://e.org/1")
    camera = make_camera(
        vendor=vendor,
        operator=operator,
        program=program,
        capabilities=["ptz", "face_recognition"],
        direction=90,
        angle_of_view=60,
        tilt=-30,
        height=4.5,
        name='=HYPERLINK("http://x")',
        first_seen=date(2020, 1, 2),
        last_verified=date(2024, 5, 6),
        osm_id=12345,
    )
    Evidence.objects.create(camera=camera, kind="photo", title="Seen", supports=["vendor"])
    make_camera(location=Point(8.55, 47.37, srid=4326), direction_from=350, direction_to=20)
    sighting = services.sighting_submit(
        kind="confirm", camera=camera, fields={"location": camera.location}
    )
    services.sighting_approve(sighting=make_sighting_new(), moderator=make_moderator())
    Area.objects.create(
        slug="testville",
        name="Testville",
        kind=Area.Kind.CITY,
        country="CH",
        geometry=MultiPolygon(Polygon.from_bbox((8.5, 47.3, 8.6, 47.4)), srid=4326),
    )
    yield {"camera": camera, "vendor": vendor, "operator": operator, "sighting": sighting}
    cache.clear()


def make_sighting_new():
    return services.sighting_submit(
        kind="new",
        fields={
            "location": Point(8.54, 47.38, srid=4326),
            "surveillance_type": "camera",
            "operator_name": "New Operator",
            "vendor_name": "New Vendor",
        },
    )


@pytest.fixture
def as_a_server():
    """Requests through Django's WSGI handler, as gunicorn makes them, but without closing the
    test's database connection at the end of each (the test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
