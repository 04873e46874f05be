"""Sightings carrying unique markers — the sender's address (also as a forwarded-for header),
user agent, EXIF and the exact moment of sending — leave no trace of them in a dump of the
database, in the logs, or in any public output: pages, API, headers, exports, snapshots. Nor do
public outputs name the moderator who approved them.
"""

import io
import logging
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from PIL import Image

from surveillance_map.exports import snapshots
from surveillance_map.sightings import redaction, services
from surveillance_map.sightings.models import Sighting
from tests.factories import jpeg_bytes, make_camera, make_user

ADDRESS = "198.51.100.231"
AGENT = "MarkerPhone/7.3 (Handset of Zed)"
MOMENT = datetime(2031, 7, 19, 13, 47, 29, 123456, tzinfo=UTC)
MODERATOR = "zed-the-moderator"
# The moment as any output could spell it (the day alone, 2031-07-19, may be public).
MOMENT_MARKERS = [
    "2031-07-19 13:47",
    "2031-07-19T13:47",
    "2031-07-19T134729",
    "13:47:29",
    str(int(MOMENT.timestamp())),
    "Sat, 19 Jul 2031 13:47",
]
MARKERS = [ADDRESS, AGENT, "MarkerPhone", *MOMENT_MARKERS]
SENDER = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT, "HTTP_X_FORWARDED_FOR": ADDRESS}


def found(text: str, markers=MARKERS) -> list[str]:
    return [marker for marker in markers if marker in text]


@pytest.fixture
def logs():
    buffer = io.StringIO()
    handlers = {
        handler
        for name in ("", "django", "django.request", "django.server", "django.security")
        for handler in logging.getLogger(name).handlers
        if isinstance(handler, logging.StreamHandler)
    }
    swapped = [(handler, handler.setStream(buffer)) for handler in handlers]
    yield buffer
    for handler, stream in swapped:
        handler.setStream(stream)


def _photo() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x0110] = AGENT  # the camera model field, holding our marker
    exif[0x9003] = MOMENT.strftime("%Y:%m:%d %H:%M:%S")  # DateTimeOriginal
    return SimpleUploadedFile("p.jpg", jpeg_bytes(exif=exif), "image/jpeg")


def _send(client, monkeypatch, camera) -> None:
    """Four sightings from the marked sender, all at the marked moment."""
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    form = {"kind": "new", "latitude": "47.38", "longitude": "8.54", "note": "by the bank"}
    assert client.post("/submit/", form, **SENDER).status_code == 302
    api = {"latitude": 47.39, "longitude": 8.55, "operator_name": "Marked Operator"}
    response = client.post("/api/v1/sightings/", api, content_type="application/json", **SENDER)
    assert response.status_code == 201
    with_photo = {"latitude": "47.37", "longitude": "8.53", "photos": [_photo()]}
    assert client.post("/api/v1/sightings/", with_photo, **SENDER).status_code == 201
    confirm = {"kind": "confirm", "camera": camera.pk}
    response = client.post("/api/v1/sightings/", confirm, content_type="application/json", **SENDER)
    assert response.status_code == 201  # counted at once: the camera changes now
    client.get("/sightings/no-such-receipt/", **SENDER)  # a 404, logged
    client.post("/submit/", {"latitude": "999"}, **SENDER)  # a 400, logged
    monkeypatch.undo()


def _approve_all() -> None:
    # The services leave permissions to the views, and the permission rows made by migrations
    # may have been flushed by an earlier transactional test: a plain user is enough here.
    moderator = make_user(MODERATOR, moderator=False)
    for sighting in Sighting.objects.filter(status=Sighting.Status.PENDING):
        for photo in sighting.photos.all():  # checked for bystanders: nothing to blur
            redaction.photo_redact(photo=photo, regions=[])
        services.sighting_approve(sighting=sighting, moderator=moderator, publish_photos=True)


def _database_dump() -> str:
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    command = ["pg_dump", "--data-only", "--no-owner", "-d", settings["NAME"]]
    for option, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings.get(key):
            command += [option, str(settings[key])]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout


def _public_outputs(client, camera, tmp_path) -> dict[str, str]:
    """Every public page, API answer, header and file that could show the sightings."""
    pages = [
        "/",
        f"/cameras/{camera.pk}/",
        f"/cameras/{camera.pk}.json",
        f"/cameras/{camera.pk}/history/",
        "/api/v1/cameras/",
        f"/api/v1/cameras/{camera.pk}/",
        "/api/v1/cameras.csv",
        "/api/v1/cameras.geojson",
        "/api/v1/changes/",
        "/api/v1/operators/",
        "/tiles/version.json",
        "/tiles/10/536/358.pbf",
        "/map/cameras.json?bbox=8.4,47.3,8.6,47.5",
        "/map/search.json?q=marked",
        "/data/",
    ]
    pages += [
        f"/cameras/{pk}/history/" for pk in camera.__class__.objects.values_list("pk", flat=True)
    ]
    outputs = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        outputs[url] = headers + "\n" + body.decode("utf-8", "replace")
    for fmt in ("geojson", "csv", "kml", "osm"):
        out = tmp_path / f"export.{fmt}"
        call_command("export_cameras", "--format", fmt, "-o", str(out), stdout=io.StringIO())
        outputs[f"export_cameras --format {fmt}"] = out.read_text(encoding="utf-8")
    snapshot = snapshots.publish_snapshot()
    for path in snapshot.path.iterdir():
        outputs[f"snapshot {path.name}"] = path.read_bytes().decode("utf-8", "replace")
    return outputs


@pytest.mark.django_db(transaction=True)
def test_no_trace_of_the_sender_anywhere(client, logs, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    camera = make_camera(last_verified=datetime(2020, 1, 1).date())
    _send(client, monkeypatch, camera)
    _approve_all()

    dump = _database_dump()
    assert "Marked Operator" in dump  # the dump holds the sightings…
    assert not found(dump), "database dump"  # …and nothing that points at their sender
    assert not found(logs.getvalue()), "logs"
    media = Path(settings.MEDIA_ROOT)
    stored = [p.read_bytes().decode("latin-1") for p in media.rglob("*") if p.is_file()]
    assert stored and not any(found(data) for data in stored), "stored photos"

    outputs = _public_outputs(client, camera, tmp_path)
    assert any("Marked Operator" in text for text in outputs.values())
    for name, text in outputs.items():
        assert not found(text, [*MARKERS, MODERATOR]), name
    history = outputs[f"/cameras/{camera.pk}/history/"]
    assert "anonymous confirmation" in history and "2031-07-19" in history
