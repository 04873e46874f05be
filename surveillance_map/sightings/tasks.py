"""Background jobs of sightings: turning an uploaded photo into a clean, stored one.

The web request only checks what is cheap (size, that the header says JPEG/PNG/WebP, the pixel
count) and keeps the upload under a random name in the private `uploads/` folder of the media
storage (shared by web and worker machines). Decoding and re-encoding take seconds, so a worker
does them here with `photos.clean_photo`, and the upload, with its metadata, is deleted at once.
A photo that cannot be read fails its job: the submitter sees why on their receipt, moderators
in the queue.
"""

from django.core.files.storage import default_storage
from django.db import transaction

from surveillance_map.jobs.models import Job
from surveillance_map.jobs.runner import job_task
from surveillance_map.sightings import services
from surveillance_map.sightings.models import Sighting
from surveillance_map.sightings.photos import clean_photo

PHOTO_TASK = "sightings.process_photo"


def discard_upload(job: Job) -> None:
    """The upload still holds its metadata: it goes as soon as the job is over, either way."""
    default_storage.delete(job.payload["upload"])


@job_task(PHOTO_TASK, on_failure=discard_upload)
def process_photo(job: Job) -> dict:
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if "photo" in locked.result:  # stored by an earlier delivery of this job
            return locked.result
        sighting = Sighting.objects.get(pk=job.payload["sighting"])
        with default_storage.open(job.payload["upload"], "rb") as upload:
            clean = clean_photo(upload, label=job.label)
        photo = services.sighting_add_photo(sighting=sighting, photo=clean)
        locked.result = {"photo": photo.pk}
        locked.save(update_fields=["result"])
        transaction.on_commit(lambda: discard_upload(job))
    return locked.result
