"""`manage.py create_moderator`: a user who may moderate, from the command line."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_it_creates_a_moderator_with_the_permission(monkeypatch):
    monkeypatch.setenv("MODERATOR_PASSWORD", "a-long-enough-passphrase-42")
    call_command("create_moderator", "carol")
    carol = get_user_model().objects.get(username="carol")
    assert carol.has_perm("sightings.moderate")
    assert carol.check_password("a-long-enough-passphrase-42")
    assert not carol.is_staff


def test_it_promotes_an_existing_user_and_keeps_their_password(mallory):
    call_command("create_moderator", "mallory", "--staff")
    mallory = get_user_model().objects.get(pk=mallory.pk)
    assert mallory.has_perm("sightings.moderate") and mallory.is_staff
    assert mallory.check_password("pw-mallory")


def test_a_weak_password_is_refused_and_nothing_is_created(monkeypatch):
    monkeypatch.setenv("MODERATOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_moderator", "dave")
    assert not get_user_model().objects.filter(username="dave").exists()
