"""/map/search.json: places to fly to, and operators, vendors, programs and cameras."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from surveillance_map.areas.models import Area
from tests.factories import make_camera, make_operator, make_program, make_vendor

pytestmark = pytest.mark.django_db


def search(client, q):
    response = client.get("/map/search.json", {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


def test_a_place_is_found_with_its_box(client):
    box = Polygon.from_bbox((8.44, 47.32, 8.63, 47.43))
    Area.objects.create(name="Zürich", slug="zurich", kind="city", geometry=MultiPolygon(box))
    (place,) = search(client, "zür")
    assert place["kind"] == "place"
    assert place["bbox"] == pytest.approx([8.44, 47.32, 8.63, 47.43])


def test_vendors_are_found_by_word_prefix_and_become_a_filter(client):
    vendor = make_vendor("Hangzhou Hikvision Digital", country_of_origin="CN")
    make_camera(vendor=vendor, location=Point(8.5, 47.4))
    make_vendor("Axis Communications")
    (result,) = search(client, "hikv")
    assert result["kind"] == "vendor"
    assert result["filter"] == {"vendor": vendor.slug}
    assert result["bbox"] == pytest.approx([8.5, 47.4, 8.5, 47.4])


def test_operators_programs_and_cameras_are_searched(client):
    make_operator("Stadtpolizei Zürich")
    make_program("ECU-911")
    make_camera(name="Bahnhofplatz north")
    kinds = {r["kind"]: r["label"] for r in search(client, "stadtpolizei")}
    assert kinds == {"operator": "Stadtpolizei Zürich"}
    assert [r["kind"] for r in search(client, "ecu")] == ["program"]
    assert [r["kind"] for r in search(client, "bahnhofplatz")] == ["camera"]


def test_an_empty_or_punctuation_query_finds_nothing_and_a_long_one_is_400(client):
    make_vendor("Axis")
    assert search(client, "") == []
    assert search(client, "&|!:*") == []
    assert client.get("/map/search.json", {"q": "x" * 201}).status_code == 400


@pytest.mark.parametrize("name", ["Genève", "Ginebra", "Geneva", "genf"])
def test_a_place_is_found_by_its_names_in_other_languages(client, name):
    box = Polygon.from_bbox((6.10, 46.17, 6.19, 46.24))
    Area.objects.create(name="Geneva", slug="geneva", kind="city", geometry=MultiPolygon(box))
    make_camera(location=Point(6.1457, 46.2022))  # its gazetteer place is spelt "Geneve"

    results = search(client, name)

    labels = [r["label"] for r in results if r["kind"] == "place"]
    assert "Geneva" in labels  # the area
    assert "Geneve" in labels  # the cameras' gazetteer place
