"""Script in a note or a name stays text on every page that shows it."""

import pytest

from surveillance_map.sightings import services
from tests.factories import log_in_verified, make_camera, make_sighting

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def assert_inert(html: str):
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<img src=x onerror" not in html


def test_a_note_with_script_is_inert_in_queue_detail_and_receipt(client, alice):
    sighting = make_sighting(note=SCRIPT, operator_name=SCRIPT)
    assert_inert(client.get(f"/sightings/{sighting.token}/").content.decode())
    log_in_verified(client, alice)
    assert_inert(client.get("/moderation/").content.decode())
    assert_inert(client.get(f"/moderation/{sighting.pk}/").content.decode())


def test_a_moderator_message_with_script_is_inert_on_receipt_and_history(client, alice):
    sighting = make_sighting()
    services.sighting_approve(sighting=sighting, moderator=alice, message=SCRIPT)
    sighting.refresh_from_db()
    assert_inert(client.get(f"/sightings/{sighting.token}/").content.decode())
    assert_inert(client.get(f"/cameras/{sighting.camera.pk}/history/").content.decode())


def test_an_approved_operator_name_with_script_is_inert_on_the_camera_page(client, alice):
    camera = make_camera()
    sighting = make_sighting(
        kind="edit", camera=camera, location=camera.location, operator_name=SCRIPT
    )
    services.sighting_approve(sighting=sighting, moderator=alice)
    response = client.get(f"/cameras/{camera.pk}/")
    assert response.status_code == 200
    assert_inert(response.content.decode())
