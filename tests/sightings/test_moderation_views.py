"""The queue as a moderator uses it: approve, reject with a reason, merge, diff, revert."""

import pytest
from django.contrib.gis.geos import Point

from surveillance_map.cameras.models import Camera
from surveillance_map.sightings.models import ModerationAction, Sighting
from tests.factories import DEFAULT_LAT, DEFAULT_LON, log_in_verified, make_camera, make_sighting

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_alice(client, alice):
    log_in_verified(client, alice)
    return client


def test_the_queue_lists_pending_sightings_oldest_first(as_alice):
    first, second = make_sighting(), make_sighting()
    page = as_alice.get("/moderation/").content.decode()
    assert page.index(f"#{first.pk}<") < page.index(f"#{second.pk}<")


def test_approve_creates_the_camera_and_moves_to_the_next(as_alice, alice):
    sighting, following = make_sighting(), make_sighting()
    response = as_alice.post(f"/moderation/{sighting.pk}/approve/", {"message": "Thanks!"})
    assert response["Location"] == f"/moderation/{following.pk}/"
    sighting.refresh_from_db()
    assert sighting.status == "approved" and sighting.camera is not None
    assert sighting.message == "Thanks!"
    receipt = as_alice.get(f"/sightings/{sighting.token}/").content.decode()
    assert "Thanks!" in receipt and f"camera #{sighting.camera.pk}" in receipt


def test_a_second_approval_gets_a_clear_message(as_alice):
    sighting = make_sighting()
    as_alice.post(f"/moderation/{sighting.pk}/approve/")
    response = as_alice.post(f"/moderation/{sighting.pk}/approve/", follow=True)
    assert "already handled: approved by alice" in response.content.decode()
    assert Camera.objects.count() == 1


def test_reject_needs_a_reason(as_alice):
    sighting = make_sighting()
    response = as_alice.post(f"/moderation/{sighting.pk}/reject/", {"reason": ""}, follow=True)
    assert "Not applied: a rejection needs a reason" in response.content.decode()
    as_alice.post(f"/moderation/{sighting.pk}/reject/", {"reason": "It is a doorbell"})
    sighting.refresh_from_db()
    assert (sighting.status, sighting.message) == ("rejected", "It is a doorbell")


def test_merge_into_a_nearby_camera(as_alice):
    camera = make_camera()
    sighting = make_sighting(location=Point(DEFAULT_LON, DEFAULT_LAT + 0.0001, srid=4326))
    page = as_alice.get(f"/moderation/{sighting.pk}/").content.decode()
    assert f'value="{camera.pk}"' in page  # offered as the merge target
    as_alice.post(f"/moderation/{sighting.pk}/merge/", {"camera": str(camera.pk)})
    sighting.refresh_from_db()
    assert (sighting.status, sighting.camera) == ("merged", camera)
    assert Camera.objects.count() == 1


def test_merge_into_an_unknown_camera_is_refused(as_alice):
    sighting = make_sighting()
    response = as_alice.post(f"/moderation/{sighting.pk}/merge/", {"camera": "abc"}, follow=True)
    assert "there is no camera" in response.content.decode()
    assert Sighting.objects.get().status == "pending"


def test_an_edit_shows_a_field_by_field_diff(as_alice):
    camera = make_camera(mount="wall", direction=10)
    sighting = make_sighting(
        kind="edit", camera=camera, location=camera.location, mount="pole", direction=10
    )
    page = as_alice.get(f"/moderation/{sighting.pk}/").content.decode()
    diff = page[page.index('id="diff"') : page.index("</table>", page.index('id="diff"'))]
    assert "<th>Mount</th>" in diff and "Wall" in diff and "Pole" in diff  # labels, not names
    assert "direction" not in diff  # unchanged fields are not listed


def approve_vandalism(client, camera):
    vandal = make_sighting(kind="edit", camera=camera, location=camera.location, mount="tree")
    client.post(f"/moderation/{vandal.pk}/approve/")


def test_revert_from_the_history_page(as_alice, alice):
    camera = make_camera(mount="wall")
    first = camera.revisions.get()
    approve_vandalism(as_alice, camera)
    response = as_alice.post(
        f"/cameras/{camera.pk}/revert/{first.pk}/", {"reason": "vandalism"}, follow=True
    )
    camera.refresh_from_db()
    assert camera.mount == "wall"
    assert "reverted" in response.content.decode()
    assert ModerationAction.objects.filter(action="revert", moderator=alice).exists()


def test_the_revert_redirect_stays_on_this_site(as_alice):
    camera = make_camera(mount="wall")
    first = camera.revisions.get()
    approve_vandalism(as_alice, camera)
    response = as_alice.post(
        f"/cameras/{camera.pk}/revert/{first.pk}/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"/cameras/{camera.pk}/history/"


def test_every_action_is_in_the_log_with_moderator_and_time(as_alice, alice):
    as_alice.post(f"/moderation/{make_sighting().pk}/approve/")
    as_alice.post(f"/moderation/{make_sighting().pk}/reject/", {"reason": "blurry"})
    log = list(ModerationAction.objects.order_by("id"))
    assert [(a.action, a.moderator) for a in log] == [("approve", alice), ("reject", alice)]
    assert all(a.created_at for a in log)
    page = as_alice.get("/moderation/").content.decode()
    assert page.count(">alice<") == 2


def test_revert_from_the_camera_page_says_so_there_and_offers_no_no_op_reverts(as_alice):
    camera = make_camera(mount="wall")
    first = camera.revisions.get()
    approve_vandalism(as_alice, camera)
    page = f"/cameras/{camera.pk}/"
    response = as_alice.post(f"/cameras/{camera.pk}/revert/{first.pk}/", {"next": page})
    assert response["Location"] == page
    html = as_alice.get(page).content.decode()
    assert f"Camera #{camera.pk} reverted" in html
    assert f"/revert/{first.pk}/" not in html  # its state is the current one again
    assert "same as now" in html
