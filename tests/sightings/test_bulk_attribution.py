"""Bulk attribution: one evidence record links many cameras to a program; one revert undoes it."""

import pytest
from django.urls import reverse

from surveillance_map.cameras.models import Camera
from surveillance_map.transparency.models import Attribution
from tests.factories import (
    log_in_verified,
    make_area,
    make_camera,
    make_moderator,
    make_program,
)

pytestmark = pytest.mark.django_db


def _program_of(client, camera):
    detail = client.get(reverse("api:camera-detail", args=[camera.pk])).json()
    return detail["properties"]["program"]


def test_a_moderator_links_an_area_to_a_program_citing_one_source_and_reverts_it(client):
    moderator = make_moderator()
    log_in_verified(client, moderator)
    make_area()
    program = make_program()
    inside = [make_camera(), make_camera()]
    outside = make_camera(location="SRID=4326;POINT(6.14 46.2)")

    response = client.post(
        reverse("sightings:attribution-new"),
        {
            "area": "testville",
            "link": "program",
            "program_slug": program.slug,
            "evidence_url": "https://example.org/council-decision",
            "evidence_title": "Council decision",
            "evidence_kind": "official_list",
        },
    )

    assert response.status_code == 302
    batch = Attribution.objects.get()
    for camera in inside:
        claim = _program_of(client, camera)
        assert claim["slug"] == program.slug
        assert claim["basis"] == "inferred"
        assert claim["evidence"] == [batch.evidence_id]
        history = client.get(reverse("sightings:history", args=[camera.pk])).content.decode()
        assert f"Attribution #{batch.pk}" in history
    assert _program_of(client, outside) is None
    cameras_page = client.get(reverse("api:camera-list") + "?program=ecu-911&basis=inferred")
    assert len(cameras_page.json()["features"]) == 2

    client.post(reverse("sightings:attribution-revert", args=[batch.pk]))

    for camera in inside:
        assert _program_of(client, camera) is None
        assert Camera.objects.get(pk=camera.pk).program_basis == ""
    assert client.get(reverse("api:camera-list") + "?program=ecu-911").json()["features"] == []
    program_page = client.get(reverse("reports:program", args=[program.slug])).content.decode()
    assert 'id="program-cameras"><a' in program_page and '">0</a>' in program_page
    batch.refresh_from_db()
    assert batch.reverted_at is not None


def test_a_camera_changed_since_the_batch_is_left_as_it_is(client):
    moderator = make_moderator()
    log_in_verified(client, moderator)
    make_area()
    program, other = make_program(), make_program("Safe City")
    camera = make_camera()
    client.post(
        reverse("sightings:attribution-new"),
        {
            "area": "testville",
            "link": "program",
            "program_slug": program.slug,
            "evidence_url": "https://example.org/a",
            "evidence_kind": "news",
        },
    )
    from surveillance_map.cameras.services import camera_update

    camera_update(camera=camera, fields={"program": other}, basis="documented")

    client.post(reverse("sightings:attribution-revert", args=[Attribution.objects.get().pk]))

    assert Camera.objects.get(pk=camera.pk).program == other


def test_attribution_without_a_selection_changes_nothing(client):
    log_in_verified(client, make_moderator())
    program = make_program()
    make_camera()

    client.post(
        reverse("sightings:attribution-new"),
        {"link": "program", "program_slug": program.slug, "evidence_url": "https://e.org/x"},
    )

    assert not Attribution.objects.exists()
    assert not Camera.objects.filter(program=program).exists()
