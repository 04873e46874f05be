"""Edits in the admin go through the services: each save is one revision by that moderator."""

import pytest
from django.contrib.auth import get_user_model

from surveillance_map.cameras.models import Camera, Capability, Revision
from tests.factories import log_in_verified, make_camera

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("bob", password="x")
    log_in_verified(client, user)
    client.user = user
    return client


def form_data(**overrides):
    data = {
        "location": '{"type": "Point", "coordinates": [8.54, 47.37]}',
        "surveillance_type": "camera",
        "status": "active",
        "extra_tags": "{}",
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
        "revisions-MIN_NUM_FORMS": "0",
        "revisions-MAX_NUM_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_adding_a_camera_in_admin_writes_a_create_revision(admin_client):
    ptz = Capability.objects.get(code="ptz")
    response = admin_client.post(
        "/admin/cameras/camera/add/", form_data(mount="pole", capabilities=[ptz.pk])
    )
    assert response.status_code == 302, response.content[:2000]
    camera = Camera.objects.get()
    revision = camera.revisions.get()
    assert (camera.mount, revision.action, revision.actor) == ("pole", "create", admin_client.user)
    assert list(camera.capabilities.all()) == [ptz]


def test_editing_a_camera_in_admin_writes_one_update_revision(admin_client):
    camera = make_camera(mount="wall")
    url = f"/admin/cameras/camera/{camera.pk}/change/"
    response = admin_client.post(url, form_data(mount="ceiling"))
    assert response.status_code == 302, response.content[:2000]
    revision = Revision.objects.filter(camera=camera).last()
    assert revision.action == "update" and revision.actor == admin_client.user
    assert (revision.before["mount"], revision.after["mount"]) == ("wall", "ceiling")


def test_an_invalid_edit_shows_the_form_error_and_changes_nothing(admin_client):
    camera = make_camera()
    url = f"/admin/cameras/camera/{camera.pk}/change/"
    response = admin_client.post(url, form_data(direction="400"))
    assert response.status_code == 200
    assert b"less than or equal to 359" in response.content
    assert camera.revisions.count() == 1


def test_cameras_cannot_be_deleted_only_retired(admin_client):
    camera = make_camera()
    response = admin_client.post(
        "/admin/cameras/camera/",
        {"action": "retire_selected", "_selected_action": [camera.pk]},
    )
    assert response.status_code == 302
    camera.refresh_from_db()
    assert camera.status == "removed"
    assert admin_client.get(f"/admin/cameras/camera/{camera.pk}/delete/").status_code == 403
