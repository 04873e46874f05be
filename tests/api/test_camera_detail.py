"""A camera's detail names who runs it, who made it and where from, its program and sources."""

import pytest
from django.contrib.gis.geos import Point

from surveillance_map.transparency.models import Evidence
from tests.factories import make_camera, make_operator, make_program, make_vendor

pytestmark = pytest.mark.django_db


def test_detail_carries_operator_vendor_country_program_capabilities_and_evidence(client):
    vendor = make_vendor("Hikvision", country_of_origin="CN")
    camera = make_camera(
        vendor=vendor,
        operator=make_operator("Quito Police"),
        program=make_program("ECU-911", country="EC"),
        capabilities=["face_recognition"],
        direction=90,
    )
    Evidence.objects.create(camera=camera, kind="news", title="Cameras watch <Quito>")
    body = client.get(f"/api/v1/cameras/{camera.pk}/").json()
    props = body["properties"]
    assert body["geometry"]["type"] == "Point"
    assert props["vendor"]["country_of_origin"] == "CN"
    assert props["operator"]["slug"] == "quito-police"
    assert props["program"]["country"] == "EC"
    assert [c["code"] for c in props["capabilities"]] == ["face_recognition"]
    assert props["evidence"][0]["title"] == "Cameras watch <Quito>"
    assert props["osm_tags"]["camera:direction"] == "90"
    assert props["osm_tags"]["manufacturer"] == "Hikvision"


@pytest.mark.parametrize("path", ["vendors", "operators", "programs", "capabilities", "areas"])
def test_reference_lists_are_public_and_read_only(client, path):
    make_vendor(), make_operator(), make_program()
    assert client.get(f"/api/v1/{path}/").status_code == 200
    assert client.post(f"/api/v1/{path}/", {}).status_code == 405


def test_vendor_detail_is_found_by_slug(client):
    make_vendor("Axis", country_of_origin="SE")
    assert client.get("/api/v1/vendors/axis/").json()["country_of_origin"] == "SE"


def test_the_camera_says_where_it_is_from_the_offline_gazetteer(client):
    camera = make_camera(location=Point(-78.4678, -0.1807, srid=4326))  # central Quito
    props = client.get(f"/api/v1/cameras/{camera.pk}/").json()["properties"]
    assert props["country"] == "EC"
    assert props["place"] == "Quito"
    listed = client.get("/api/v1/cameras/").json()["features"][0]["properties"]
    assert (listed["country"], listed["place"]) == ("EC", "Quito")
