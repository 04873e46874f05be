"""A camera confirmed by 3 separate submissions on at least 2 days (a moderator's check counts)
is verified by the community; the count and the last day are shown, nobody is tracked."""

from datetime import date

import pytest
from django.urls import reverse

from surveillance_map.sightings.models import Sighting
from surveillance_map.sightings.selectors import community_verification
from tests.factories import log_in_verified, make_camera, make_moderator, make_sighting

pytestmark = pytest.mark.django_db


def test_three_confirmations_on_one_day_are_not_enough_a_moderators_check_the_next_day_is(
    client,
):
    camera = make_camera()
    for _ in range(3):
        make_sighting(kind="confirm", camera=camera)
    Sighting.objects.filter(camera=camera).update(submitted_on=date(2026, 11, 30))
    assert community_verification(camera=camera) == {
        "confirmations": 3,
        "days": 1,
        "last_confirmed": "2026-11-30",
        "verified": False,
    }

    log_in_verified(client, make_moderator())
    client.post(reverse("sightings:check", args=[camera.pk]))

    verification = community_verification(camera=camera)
    assert verification["verified"] and verification["days"] == 2
    detail = client.get(reverse("api:camera-detail", args=[camera.pk])).json()
    assert detail["properties"]["verification"]["verified"] is True
    page = client.get(reverse("maps:camera", args=[camera.pk])).content.decode()
    assert "Verified by the community" in page


def test_a_visitor_cannot_record_a_moderators_check(client):
    camera = make_camera()
    client.post(reverse("sightings:check", args=[camera.pk]))
    assert community_verification(camera=camera)["confirmations"] == 0
