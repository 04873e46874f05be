"""No trace of the submitter: no address or user agent in the database, the logs or the cache."""

import io
import logging
from datetime import date

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils.log import AdminEmailHandler

from surveillance_map.sightings import ratelimit
from surveillance_map.sightings.models import ModerationAction, Sighting, SightingPhoto
from tests.cachekeys import cache_keys
from tests.factories import make_sighting

ADDRESS = "203.0.113.77"
AGENT = "SecretPhone/9.9 (Bob's handset)"
SUBMITTER = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT}


@pytest.fixture
def captured_logs():
    """Point every handler Django's loggers use at one buffer, as they would write it."""
    buffer = io.StringIO()
    handlers = {
        handler
        for name in ("", "django", "django.request", "django.server")
        for handler in logging.getLogger(name).handlers
        if isinstance(handler, logging.StreamHandler)
    }
    swapped = [(handler, handler.setStream(buffer)) for handler in handlers]
    yield buffer
    for handler, stream in swapped:
        handler.setStream(stream)


@pytest.mark.django_db
def test_a_submission_leaves_no_address_or_agent_in_the_database(client):
    client.post(
        "/submit/",
        {"latitude": "47.4", "longitude": "8.5", "note": "hello", "kind": "new"},
        **SUBMITTER,
    )
    assert Sighting.objects.count() == 1
    with connection.cursor() as cursor:
        for model in (Sighting, SightingPhoto, ModerationAction):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608
            for row in cursor.fetchall():
                text = " ".join(map(str, row))
                assert ADDRESS not in text and "SecretPhone" not in text


@pytest.mark.django_db
def test_the_logs_show_no_address_or_agent(client, captured_logs):
    client.get("/sightings/no-such-token/", **SUBMITTER)  # logged as a 404 warning
    client.post("/submit/", {"latitude": "999"}, **SUBMITTER)  # a 400
    written = captured_logs.getvalue()
    assert "Not Found: /sightings/…/" in written  # receipt tokens are masked
    assert "no-such-token" not in written
    assert ADDRESS not in written and "SecretPhone" not in written


def test_no_logger_mails_out_requests():
    for name in ("django", "django.request", "django.security", "django.server", ""):
        for handler in logging.getLogger(name).handlers:
            assert not isinstance(handler, AdminEmailHandler), name


def test_the_rate_limit_key_hides_the_address_and_changes_daily():
    request = RequestFactory().get("/", REMOTE_ADDR=ADDRESS)
    today = ratelimit.client_key(request, today=date(2026, 11, 26))
    again = ratelimit.client_key(request, today=date(2026, 11, 26))
    tomorrow = ratelimit.client_key(request, today=date(2026, 11, 27))
    assert today == again != tomorrow
    assert ADDRESS not in today
    ratelimit.allow(request)
    assert not any(ADDRESS in str(key) for key in cache_keys())


def test_public_pages_show_the_day_not_the_time(client, db):
    sighting = make_sighting()
    page = client.get(f"/sightings/{sighting.token}/").content.decode()
    assert sighting.submitted_on.strftime("%-d %B %Y") in page
    assert not [f.name for f in Sighting._meta.fields if f.get_internal_type() == "DateTimeField"]
