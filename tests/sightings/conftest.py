"""Personas and helpers: Alice and Bob moderate; Mallory is logged in but no moderator."""

import pytest
from django.core.cache import cache

from tests.factories import make_user


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    return make_user("alice", moderator=True)


@pytest.fixture
def bob(db):
    return make_user("bob", moderator=True)


@pytest.fixture
def mallory(db):
    return make_user("mallory", moderator=False)
