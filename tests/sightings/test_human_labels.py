"""Moderators and readers see capability and field names, never their codes."""

import pytest

from tests.factories import log_in_verified, make_camera, make_moderator, make_sighting

pytestmark = pytest.mark.django_db


def test_moderation_shows_capability_names_in_the_page_language(client):
    camera = make_camera(capabilities=["plate_reading"])
    sighting = make_sighting(kind="edit", camera=camera, capabilities=["face_recognition"])
    log_in_verified(client, make_moderator())
    page = client.get(f"/moderation/{sighting.pk}/").content.decode()
    assert "Face recognition" in page and "Number-plate reading" in page
    assert "face_recognition" not in page.split('id="reported"')[1].split("</table>")[0]
    page = client.get(f"/moderation/{sighting.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Reconocimiento facial" in page


def test_history_names_the_changed_fields(client):
    camera = make_camera(angle_of_view=90)
    page = client.get(f"/cameras/{camera.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Ángulo de visión" in page and "angle_of_view" not in page.split("sm-stack")[1]
