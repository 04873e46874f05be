"""Cameras get their country and nearest place from the offline gazetteer on every write."""

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command

from surveillance_map.cameras import bulk, services
from surveillance_map.cameras.models import Camera
from surveillance_map.lib.gazetteer import nearest_place, nearest_places, place_names
from tests.factories import make_camera


@pytest.mark.parametrize(
    ("lon", "lat", "country", "place"),
    [
        (-17.4441, 14.6937, "SN", "Dakar"),
        (-78.4678, -0.1807, "EC", "Quito"),
        (-2.3168, 53.4500, "GB", "Stretford"),
        (6.1457, 46.2022, "CH", "Geneve"),
    ],
)
def test_known_points_get_their_country_and_place(lon, lat, country, place):
    found = nearest_place(lon, lat)
    assert (found.country, found.name) == (country, place)


def test_nearest_is_measured_on_the_sphere_not_in_degrees():
    # At 69°N a degree of longitude is a third of a degree of latitude: Tromsø (18.96E 69.65N)
    # is ~20 km east of this point, Skjervøy-side places 0.3° north are ~33 km away.
    assert nearest_places([(18.5, 69.65)])[0].country == "NO"
    assert nearest_places([]) == []


def test_place_search_names_start_with_the_text():
    names = place_names("Zueri")
    assert names and all(n.casefold().startswith("zueri") for n in names)
    assert place_names("   ") == []


@pytest.mark.django_db
def test_create_update_and_bulk_create_set_country_and_place():
    camera = make_camera(location=Point(-17.4441, 14.6937))
    assert (camera.country, camera.place) == ("SN", "Dakar")
    services.camera_update(camera=camera, fields={"location": Point(-78.4678, -0.1807)})
    camera.refresh_from_db()
    assert (camera.country, camera.place) == ("EC", "Quito")
    [pk] = bulk.cameras_create_bulk(
        writes=[services.CameraWrite(fields={"location": Point(6.1457, 46.2022)})],
        actor_label="test",
    )
    assert Camera.objects.get(pk=pk).country == "CH"


@pytest.mark.django_db
def test_locate_cameras_backfills_cameras_written_without_them():
    camera = make_camera(location=Point(-17.4441, 14.6937))
    Camera.objects.filter(pk=camera.pk).update(country="", place="")
    call_command("locate_cameras")
    camera.refresh_from_db()
    assert (camera.country, camera.place) == ("SN", "Dakar")
