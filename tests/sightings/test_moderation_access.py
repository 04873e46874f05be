"""Every moderation URL: anonymous users are sent to log in, non-moderators get 403."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from surveillance_map.imports.management.commands.load_demo import Command as DemoCommand
from surveillance_map.sightings import redaction, services
from surveillance_map.sightings.models import Sighting
from surveillance_map.sightings.photos import clean_photo
from tests.factories import jpeg_bytes, log_in_verified, make_camera, make_sighting

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls():
    camera = make_camera()
    sighting = make_sighting()
    revision = camera.revisions.get()
    return [
        ("get", "/moderation/"),
        ("get", f"/moderation/{sighting.pk}/"),
        ("post", f"/moderation/{sighting.pk}/approve/"),
        ("post", f"/moderation/{sighting.pk}/reject/"),
        ("post", f"/moderation/{sighting.pk}/merge/"),
        ("post", f"/cameras/{camera.pk}/revert/{revision.pk}/"),
    ]


def test_anonymous_visitors_are_sent_to_the_login(client, urls):
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/moderation/login/?next="), url


def test_logged_in_non_moderators_are_forbidden(client, mallory, urls):
    client.force_login(mallory)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403, url


def test_moderators_get_through(client, alice, urls):
    log_in_verified(client, alice)
    for method, url in urls:
        assert getattr(client, method)(url).status_code in (200, 302), url


def test_actions_refuse_get(client, alice, urls):
    log_in_verified(client, alice)
    for method, url in urls:
        if method == "post":
            assert client.get(url).status_code == 405, url


def test_the_demo_moderator_group_grants_the_permission(django_user_model):
    DemoCommand()._moderator()  # the part of `load_demo` that makes the demo moderator
    user = django_user_model.objects.get(username="moderator")
    assert user.has_perm("sightings.moderate")


def test_unpublished_photos_are_for_moderators_only(client, alice):
    upload = SimpleUploadedFile("p.jpg", jpeg_bytes(), "image/jpeg")
    sighting = make_sighting(photos=[clean_photo(upload)])
    photo = sighting.photos.get()
    url = f"/photos/{photo.pk}/thumb.jpg"
    assert client.get(url).status_code == 404
    assert client.get(f"/sightings/{sighting.token}/photos/{photo.pk}/full.jpg").status_code == 200
    assert client.get(f"/sightings/wrong-token/photos/{photo.pk}/full.jpg").status_code == 404
    log_in_verified(client, alice)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_the_history_page_is_public_but_revert_buttons_are_not(client, alice):
    camera = make_camera()
    make_sighting(kind="edit", camera=camera, location=camera.location, mount="pole")
    services.sighting_approve(sighting=Sighting.objects.get(), moderator=alice)
    page = client.get(f"/cameras/{camera.pk}/history/").content.decode()
    assert "History of camera" in page and "Revert to this" not in page
    log_in_verified(client, alice)
    assert "Revert to this" in client.get(f"/cameras/{camera.pk}/history/").content.decode()


def test_published_photos_show_on_the_camera_page_and_unchecked_ones_do_not(client, alice):
    upload = SimpleUploadedFile("p.jpg", jpeg_bytes(), "image/jpeg")
    published = make_sighting(photos=[clean_photo(upload)])
    redaction.photo_redact(photo=published.photos.get(), regions=[])  # checked: nothing to blur
    services.sighting_approve(sighting=published, moderator=alice, publish_photos=True)
    published.refresh_from_db()
    camera = published.camera
    upload.seek(0)
    unchecked = make_sighting(kind="confirm", camera=camera, photos=[clean_photo(upload)])
    services.sighting_approve(sighting=unchecked, moderator=alice, publish_photos=False)
    page = client.get(f"/cameras/{camera.pk}/history/").content.decode()
    shown, hidden = published.photos.get(), unchecked.photos.get()
    assert f"/photos/{shown.pk}/thumb.jpg" in page
    assert f"/photos/{hidden.pk}/" not in page
    assert client.get(f"/photos/{shown.pk}/full.jpg").status_code == 200
    assert client.get(f"/photos/{hidden.pk}/full.jpg").status_code == 404
