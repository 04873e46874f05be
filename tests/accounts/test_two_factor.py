"""Moderators and staff need a one-time code after their password when DEBUG is off; they
enrol an authenticator app from a QR code drawn by us."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.plugins.otp_totp.models import TOTPDevice

from surveillance_map.sightings.photos import clean_photo
from tests.factories import jpeg_bytes, make_camera, make_sighting, make_user, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    user = make_user("alice", moderator=True)
    user.is_staff = True
    user.save()
    return user


def password_login(client, url="/moderation/login/"):
    response = client.post(url, {"username": "alice", "password": "pw-alice"})
    assert response.status_code == 302
    return response


def test_tests_run_as_a_real_server_does():
    assert django_settings.TWO_FACTOR_REQUIRED  # DEBUG is off under pytest


def test_the_password_alone_opens_no_moderator_page(client, alice):
    password_login(client)
    response = client.get("/moderation/")
    assert response.status_code == 302
    assert response["Location"] == "/moderation/two-factor/?next=/moderation/"
    photo = make_sighting(
        photos=[clean_photo(SimpleUploadedFile("p.jpg", jpeg_bytes(), "image/jpeg"))]
    ).photos.get()
    assert client.get(f"/photos/{photo.pk}/thumb.jpg").status_code == 404
    camera = make_camera()
    assert "Revert to this" not in client.get(f"/cameras/{camera.pk}/history/").content.decode()
    assert (
        client.post(f"/moderation/{photo.sighting_id}/reject/", {"reason": "x"}).status_code == 302
    )
    photo.sighting.refresh_from_db()
    assert photo.sighting.status == "pending"


def test_first_login_enrols_an_authenticator_app(client, alice, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # else django-otp makes us wait a second after a miss
    password_login(client)
    response = client.get("/moderation/two-factor/?next=/moderation/")
    assert response.status_code == 302
    assert response["Location"].startswith("/moderation/two-factor/setup/?next=")
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    assert "<svg" in text and 'id="totp-secret"' in text
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    assert client.get(response["Location"]).content.decode().count("<svg") == 1
    assert TOTPDevice.objects.filter(user=alice).count() == 1  # a reload keeps the same secret
    wrong = client.post(response["Location"], {"token": "12345x", "next": "/moderation/"})
    assert wrong.status_code == 400
    done = client.post(response["Location"], {"token": totp_code(device), "next": "/moderation/"})
    assert done.status_code == 302 and done["Location"] == "/moderation/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/moderation/").status_code == 200


def test_later_logins_ask_for_the_code(client, alice):
    device = TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    password_login(client)
    assert client.get("/moderation/two-factor/").status_code == 200
    # Knowing the password is not enough to enrol another phone.
    setup = client.get("/moderation/two-factor/setup/")
    assert setup.status_code == 302 and setup["Location"].startswith("/moderation/two-factor/?")
    response = client.post(
        "/moderation/two-factor/", {"token": totp_code(device), "next": "/moderation/"}
    )
    assert response.status_code == 302 and response["Location"] == "/moderation/"
    assert client.get("/moderation/").status_code == 200


def test_the_next_address_must_be_ours(client, alice):
    device = TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    password_login(client)
    response = client.post(
        "/moderation/two-factor/", {"token": totp_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/moderation/"


def test_the_admin_asks_for_the_code_too(client, alice):
    device = TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    password_login(client, url="/admin/login/?next=/admin/")
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])  # the admin's login page sends us on
    assert response.status_code == 302
    assert response["Location"] == "/moderation/two-factor/?next=/admin/"
    assert client.get("/admin/cameras/camera/").status_code == 302
    client.post("/moderation/two-factor/", {"token": totp_code(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200


def test_anonymous_visitors_of_the_code_pages_go_to_the_login(client):
    for url in ("/moderation/two-factor/", "/moderation/two-factor/setup/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            "/moderation/login/?next="
        )


def test_without_the_requirement_the_password_is_enough(client, alice, settings):
    settings.TWO_FACTOR_REQUIRED = False
    password_login(client)
    assert client.get("/moderation/").status_code == 200
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "env, required",
    [
        ({"DEBUG": "0"}, "True"),
        ({"DEBUG": "1"}, "False"),
        ({"DEBUG": "1", "TWO_FACTOR_REQUIRED": "1"}, "True"),
    ],
)
def test_the_requirement_follows_debug_unless_set(env, required):
    environment = {k: v for k, v in os.environ.items() if k != "TWO_FACTOR_REQUIRED"}
    environment.update(env, DJANGO_SETTINGS_MODULE="surveillance_map.settings")
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == required


def test_the_code_pages_speak_spanish(client, alice):
    password_login(client)
    page = client.get("/moderation/two-factor/setup/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Configurar la autenticación en dos pasos" in page
    assert "Código de su aplicación de autenticación" in page
