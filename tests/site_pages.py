"""One object of every kind and the address of every page type, for the tests that walk the
whole site (HEAD answers, accessibility, the Spanish walk)."""

from django.contrib.gis.geos import Point

from surveillance_map.cameras.models import Capability
from tests.factories import (
    DEFAULT_LAT,
    DEFAULT_LON,
    make_area,
    make_camera,
    make_moderator,
    make_operator,
    make_program,
    make_sighting,
    make_vendor,
)


def make_site() -> dict:
    """Objects for every page type; returns the public pages (name → path) and the moderator."""
    vendor = make_vendor("Hikvision", country_of_origin="CN")
    operator = make_operator("Stadtpolizei Zürich", country="CH")
    program = make_program("ECU-911", country="CH")
    program.vendors.add(vendor)
    capability, _ = Capability.objects.get_or_create(code="anpr", defaults={"name": "ANPR"})
    camera = make_camera(
        vendor=vendor,
        operator=operator,
        program=program,
        direction=90,
        angle_of_view=60,
        capabilities=[capability.code],
    )
    make_camera(location=Point(DEFAULT_LON + 0.001, DEFAULT_LAT, srid=4326), operator=operator)
    area = make_area()
    sighting = make_sighting(note="Beim Bahnhof")
    pages = {
        "map": "/",
        "submit": "/submit/",
        "receipt": f"/sightings/{sighting.token}/",
        "camera": f"/cameras/{camera.pk}/",
        "history": f"/cameras/{camera.pk}/history/",
        "vendors": "/vendors/",
        "vendor": f"/vendors/{vendor.slug}/",
        "programs": "/programs/",
        "program": f"/programs/{program.slug}/",
        "country": "/countries/CH/",
        "world": "/world/",
        "areas": "/areas/",
        "area": f"/areas/{area.slug}/",
        "data": "/data/",
        "embed": "/embed/",
        "api docs": "/api/v1/docs/",
    }
    moderation = {"queue": "/moderation/", "item": f"/moderation/{sighting.pk}/"}
    return {"pages": pages, "moderation": moderation, "moderator": make_moderator()}
