"""A photo sent to `make serve` is cleaned by a real Celery worker, not by the web request."""

import uuid

import pytest
from PIL import Image

from surveillance_map.jobs.models import Job
from surveillance_map.sightings.models import Sighting
from tests.factories import gps_exif, jpeg_bytes
from tests.production.servers import Browser, eventually, port

pytestmark = pytest.mark.django_db(transaction=True)
WEB = port(9)


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_a_photo_is_processed_by_the_worker(launch, var_dir):
    launch(WEB)
    body, content_type = multipart(
        {"latitude": "47.38", "longitude": "8.54", "surveillance_type": "camera"},
        {"photos": ("phone.jpg", jpeg_bytes(size=(3000, 2000), exif=gps_exif()))},
    )
    response = Browser(f"http://127.0.0.1:{WEB}").request(
        "POST", "/api/v1/sightings/", body=body, headers={"Content-Type": content_type}
    )
    assert response.status == 201, response.text
    sighting = Sighting.objects.get(token=response.json()["token"])
    job = Job.objects.get(subject=f"sighting:{sighting.pk}")
    assert job.state == Job.State.QUEUED and job.anonymous  # nobody has run it yet
    launch.worker()
    job = eventually(lambda: Job.objects.filter(pk=job.pk, state=Job.State.SUCCEEDED).first())
    assert job is not None, Job.objects.get(pk=job.pk).message
    assert job.started_at is None and job.finished_at is None  # no time of a contribution
    photo = sighting.photos.get()
    with Image.open(var_dir / "media" / photo.image.name) as image:
        # Decoded at half size (still over 60 % of 2048 px), never enlarged; no metadata left.
        assert image.size == (1500, 1000) and not image.getexif()
    assert not any((var_dir / "media" / "uploads").iterdir())  # the original is gone
