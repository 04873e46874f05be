"""Sighting services on PostGIS: submit, confirm, approve, reject, merge, revert."""

from datetime import date, timedelta

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from surveillance_map.cameras.models import Camera, Revision
from surveillance_map.sightings import services
from surveillance_map.sightings.models import ModerationAction, Sighting
from surveillance_map.sightings.selectors import confirmation_count
from tests.factories import make_camera, make_sighting

pytestmark = pytest.mark.django_db


def test_submit_stores_a_pending_sighting_dated_to_the_day_only():
    sighting = make_sighting(direction=90, note="On the bank")
    assert sighting.status == "pending"
    assert sighting.submitted_on == date.today()
    assert len(sighting.token) >= 24
    assert not Camera.objects.exists()


def test_submit_rejects_fields_that_are_not_sighting_fields():
    with pytest.raises(TypeError, match="remote_addr"):
        make_sighting(remote_addr="203.0.113.9")


def test_approving_a_new_sighting_creates_the_camera_and_its_revision(alice):
    sighting = make_sighting(
        direction=45,
        angle_of_view=90,
        mount="pole",
        capabilities=["infrared"],
        vendor_name="Hikvision",
        operator_name="City Police",
    )
    approved = services.sighting_approve(sighting=sighting, moderator=alice)
    camera = approved.camera
    assert approved.status == "approved"
    assert (camera.direction, camera.angle_of_view, camera.mount) == (45, 90, "pole")
    assert camera.vendor.name == "Hikvision" and camera.operator.name == "City Police"
    assert list(camera.capabilities.values_list("code", flat=True)) == ["infrared"]
    assert camera.last_verified == sighting.submitted_on
    (revision,) = camera.revisions.all()
    assert revision.actor == alice and approved.revision == revision
    assert f"Sighting #{sighting.pk}" in revision.reason
    log = ModerationAction.objects.get(sighting=sighting)
    assert (log.action, log.moderator, log.camera) == ("approve", alice, camera)


def test_a_sighting_cannot_be_decided_twice(alice, bob):
    sighting = make_sighting()
    services.sighting_approve(sighting=sighting, moderator=alice)
    with pytest.raises(services.SightingAlreadyDecided, match="by alice"):
        services.sighting_reject(sighting=sighting, moderator=bob, reason="dup")
    assert Camera.objects.count() == 1


def test_rejecting_keeps_the_reason_for_the_submitter_and_changes_no_camera(alice):
    sighting = make_sighting()
    rejected = services.sighting_reject(sighting=sighting, moderator=alice, reason="A doorbell")
    assert (rejected.status, rejected.message) == ("rejected", "A doorbell")
    assert not Camera.objects.exists()
    assert ModerationAction.objects.get().action == "reject"


def test_rejecting_without_a_reason_is_refused(alice):
    with pytest.raises(ValueError, match="reason"):
        services.sighting_reject(sighting=make_sighting(), moderator=alice, reason="  ")
    assert Sighting.objects.get().status == "pending"


def test_approving_an_edit_changes_only_the_proposed_fields(alice):
    camera = make_camera(mount="wall", direction_from=10, direction_to=80, zone="bank")
    sighting = make_sighting(
        kind="edit", camera=camera, location=camera.location, mount="pole", direction=200
    )
    services.sighting_approve(sighting=sighting, moderator=alice)
    camera.refresh_from_db()
    assert (camera.mount, camera.direction, camera.direction_from, camera.zone) == (
        "pole",
        200,
        None,
        "bank",
    )
    revision = camera.revisions.last()
    assert {"mount", "direction", "direction_from", "direction_to"} <= set(revision.changed_fields)


def test_approving_a_gone_report_retires_the_camera_softly(alice):
    camera = make_camera()
    sighting = make_sighting(kind="gone", camera=camera, location=camera.location)
    services.sighting_approve(sighting=sighting, moderator=alice)
    camera.refresh_from_db()
    assert camera.status == "removed"
    assert camera.revisions.last().action == "retire"


def test_a_confirmation_counts_at_once_and_refreshes_last_verified():
    camera = make_camera(last_verified=date.today() - timedelta(days=400))
    sighting = make_sighting(kind="confirm", camera=camera, location=camera.location)
    camera.refresh_from_db()
    assert camera.last_verified == date.today()
    assert sighting.status == "approved"  # nothing to review: no note, no photo
    assert confirmation_count(camera=camera) == 1
    assert camera.revisions.last().actor_label == "anonymous confirmation"


def test_a_second_confirmation_the_same_day_writes_no_revision():
    camera = make_camera()
    make_sighting(kind="confirm", camera=camera, location=camera.location)
    make_sighting(kind="confirm", camera=camera, location=camera.location)
    assert camera.revisions.count() == 2  # create + one refresh
    assert confirmation_count(camera=camera) == 2


def test_a_confirmation_with_a_note_waits_for_review():
    camera = make_camera()
    sighting = make_sighting(kind="confirm", camera=camera, location=camera.location, note="hi")
    assert sighting.status == "pending"


def test_merging_fills_only_what_the_camera_lacks(alice):
    camera = make_camera(mount="wall", capabilities=["ptz"])
    sighting = make_sighting(mount="pole", camera_type="dome", capabilities=["infrared"])
    merged = services.sighting_merge(sighting=sighting, camera=camera, moderator=alice)
    camera.refresh_from_db()
    assert merged.status == "merged" and merged.camera == camera
    assert (camera.mount, camera.camera_type) == ("wall", "dome")
    assert sorted(camera.capabilities.values_list("code", flat=True)) == ["infrared", "ptz"]
    assert Camera.objects.count() == 1
    assert confirmation_count(camera=camera) == 1


def test_revert_writes_a_new_revision_and_keeps_history(alice):
    camera = make_camera(mount="wall", capabilities=["ptz"])
    first = camera.revisions.get()
    vandal = make_sighting(
        kind="edit",
        camera=camera,
        location=Point(0, 0, srid=4326),
        mount="tree",
        capabilities=["face_recognition"],
    )
    services.sighting_approve(sighting=vandal, moderator=alice)
    reverted = services.revision_revert(
        camera=camera, revision=first, moderator=alice, reason="vandalism"
    )
    camera.refresh_from_db()
    assert (camera.mount, camera.location.x) == ("wall", first.after["location"][0])
    assert list(camera.capabilities.values_list("code", flat=True)) == ["ptz"]
    assert reverted.action == "revert" and reverted.reason == "vandalism"
    assert list(camera.revisions.values_list("action", flat=True)) == ["create", "update", "revert"]
    assert ModerationAction.objects.filter(action="revert", moderator=alice).count() == 1


def test_reverting_to_the_current_state_is_refused(alice):
    camera = make_camera()
    with pytest.raises(ValueError, match="already"):
        services.revision_revert(camera=camera, revision=camera.revisions.get(), moderator=alice)
    assert Revision.objects.count() == 1


def test_a_revision_of_another_camera_cannot_be_reverted_to(alice):
    one, two = make_camera(), make_camera()
    with pytest.raises(ValidationError):
        services.revision_revert(camera=one, revision=two.revisions.get(), moderator=alice)
