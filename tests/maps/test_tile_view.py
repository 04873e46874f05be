"""GET /tiles/{z}/{x}/{y}.pbf: caching headers, conditional requests and bad input."""

import pytest
from django.contrib.gis.geos import Point

from surveillance_map.maps.cells import data_version
from tests.factories import make_camera

pytestmark = pytest.mark.django_db
URL = "/tiles/10/536/358.pbf"  # Zurich


def test_a_tile_is_served_with_an_etag_and_must_revalidate(client):
    make_camera(location=Point(8.54, 47.37))
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    assert response.content
    assert response["ETag"].startswith(f'"{data_version()}-')
    assert response["Cache-Control"] == "public, no-cache"


def test_a_url_with_the_current_data_version_is_cacheable_for_good(client):
    response = client.get(URL, {"v": data_version()})
    assert "immutable" in response["Cache-Control"]
    stale = client.get(URL, {"v": data_version() - 1})
    assert stale["Cache-Control"] == "public, no-cache"


def test_a_matching_etag_gets_304_until_a_camera_changes(client):
    make_camera(location=Point(8.54, 47.37))
    etag = client.get(URL)["ETag"]
    assert client.get(URL, headers={"if-none-match": etag}).status_code == 304
    make_camera(location=Point(8.55, 47.37))
    fresh = client.get(URL, headers={"if-none-match": etag})
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag


def test_filters_are_part_of_the_etag_and_other_parameters_are_not(client):
    plain = client.get(URL)["ETag"]
    assert client.get(URL, {"surveillance_type": "ALPR"})["ETag"] != plain
    assert client.get(URL, {"cache_buster": "1", "v": "7"})["ETag"] == plain


@pytest.mark.parametrize(
    "url",
    [
        "/tiles/23/0/0.pbf",
        "/tiles/2/4/0.pbf",
        "/tiles/2/0/4.pbf",
        "/tiles/-1/0/0.pbf",
        "/tiles/2/a/0.pbf",
        "/tiles/99999999999999999999/0/0.pbf",
    ],
)
def test_tiles_that_cannot_exist_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"surveillance_type": "drone"},
        {"verified_since": "last week"},
        {"vendor": "<b>"},
        {"vendor_country": "China"},
        {"area": "atlantis"},
    ],
)
def test_a_bad_filter_is_a_400_naming_the_parameter(client, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert next(iter(query)) in response.json()["error"]


def test_a_gzip_capable_client_gets_the_same_tile_compressed(client):
    import gzip

    make_camera(location=Point(8.54, 47.37))
    plain = client.get(URL)
    packed = client.get(URL, headers={"accept-encoding": "gzip, br"})
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert packed["ETag"] != plain["ETag"]
    assert "Accept-Encoding" in packed["Vary"]
