"""Every task Celery beat schedules exists: beat would send an unknown name, and the worker
would drop it with an error in its log, never running the job."""

import importlib
import importlib.util

import pytest
from django.conf import settings

from surveillance_map.celery import app
from surveillance_map.exports.snapshots import list_snapshots
from surveillance_map.exports.tasks import publish_snapshot_task
from tests.factories import make_camera


def schedule_with_every_option(monkeypatch) -> dict:
    """The settings' schedule with every optional entry switched on (OSM_REPLICATION_URL)."""
    monkeypatch.setenv("OSM_REPLICATION_URL", "https://planet.invalid/replication/minute/")
    path = importlib.import_module(settings.SETTINGS_MODULE).__file__
    spec = importlib.util.spec_from_file_location("settings_every_option", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CELERY_BEAT_SCHEDULE


def test_every_scheduled_task_is_registered(monkeypatch):
    app.loader.import_default_modules()  # what a worker does first: each app's tasks.py
    schedule = {**settings.CELERY_BEAT_SCHEDULE, **schedule_with_every_option(monkeypatch)}
    assert "sync-openstreetmap" in schedule
    unknown = {entry: s["task"] for entry, s in schedule.items() if s["task"] not in app.tasks}
    assert unknown == {}


@pytest.mark.django_db
def test_the_scheduled_snapshot_is_published_once_per_change_of_data(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    make_camera()
    first = publish_snapshot_task()
    assert first and [s.version for s in list_snapshots()] == [first]
    assert publish_snapshot_task() is None
    make_camera()
    assert publish_snapshot_task() not in (None, first)
    assert len(list_snapshots()) == 2
