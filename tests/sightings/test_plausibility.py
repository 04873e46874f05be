"""Plausibility checks at intake: warnings for the sender (who can confirm instead or send
anyway) and flags for the moderator."""

import pytest
from django.urls import reverse

from surveillance_map.sightings.models import Sighting
from tests.factories import (
    DEFAULT_LAT,
    DEFAULT_LON,
    log_in_verified,
    make_camera,
    make_moderator,
    make_sighting,
)

pytestmark = pytest.mark.django_db


def _post(client, **extra):
    data = {"kind": "new", "latitude": DEFAULT_LAT, "longitude": DEFAULT_LON, "direction": 90}
    return client.post(reverse("sightings:submit"), {**data, **extra})


def test_a_camera_within_25_m_looking_the_same_way_is_offered_to_confirm_instead(client):
    camera = make_camera(direction=100)

    response = _post(client, zoom=18)

    page = response.content.decode()
    assert response.status_code == 200 and 'id="plausibility"' in page
    assert f"?camera={camera.pk}&amp;kind=confirm" in page
    assert not Sighting.objects.exists()

    sent = _post(client, zoom=18, send_anyway="on")
    assert sent.status_code == 302 and Sighting.objects.count() == 1


def test_a_camera_looking_elsewhere_is_no_duplicate(client):
    make_camera(direction=270)
    assert _post(client, zoom=18).status_code == 302


def test_the_sea_a_coarse_zoom_and_many_rare_claims_are_flagged(client):
    response = _post(
        client,
        latitude=40.0,
        longitude=-30.0,
        zoom=12,
        capabilities=["face_recognition", "audio", "thermal"],
    )
    codes = set(
        code
        for code in ("water", "coarse", "rare")
        if f'data-code="{code}"' in response.content.decode()
    )
    assert codes == {"water", "coarse", "rare"}


def test_the_moderator_sees_the_flags(client):
    make_camera(direction=90)
    sighting = make_sighting(
        location=f"SRID=4326;POINT({DEFAULT_LON} {DEFAULT_LAT})", direction=95, placed_at_zoom=14
    )
    log_in_verified(client, make_moderator())
    page = client.get(reverse("sightings:moderation-detail", args=[sighting.pk])).content.decode()
    assert 'data-code="duplicate"' in page and 'data-code="coarse"' in page


def test_the_api_accepts_the_sighting_and_returns_the_warnings(client):
    make_camera(direction=90)
    response = client.post(
        "/api/v1/sightings/",
        {"latitude": DEFAULT_LAT, "longitude": DEFAULT_LON, "direction": 80},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert [w["code"] for w in response.json()["warnings"]] == ["duplicate"]
