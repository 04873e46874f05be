"""Fill each camera's country and nearest place from the offline gazetteer.

New and moved cameras get them from the camera services; this backfills cameras written
before, or by SQL bulk loaders. Only cameras without a country unless `--all`. Derived fields
are not part of a camera's editable state, so no revisions are written. Each chunk is one
transaction; an interrupted run resumes where it stopped.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from surveillance_map.cameras.models import Camera
from surveillance_map.lib.gazetteer import nearest_places

CHUNK = 5000


class Command(BaseCommand):
    help = "Set cameras' country and nearest place from the offline GeoNames gazetteer."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Recompute every camera.")

    def handle(self, *args, **options):
        cameras = Camera.objects.order_by("pk").only("pk", "location", "country", "place")
        if not options["all"]:
            cameras = cameras.filter(country="")
        done, last = 0, 0
        while chunk := list(cameras.filter(pk__gt=last)[:CHUNK]):
            places = nearest_places([(c.location.x, c.location.y) for c in chunk])
            for camera, place in zip(chunk, places, strict=True):
                camera.country, camera.place = place.country, place.name
            with transaction.atomic():
                Camera.objects.bulk_update(chunk, ["country", "place"], batch_size=1000)
            done, last = done + len(chunk), chunk[-1].pk
        scope = "every camera" if options["all"] else "cameras without a country"
        if done:
            self.stdout.write(
                f"Set the country and nearest place (GeoNames) of {done:,} cameras ({scope})."
            )
        else:
            self.stdout.write("Country and nearest place: no camera needed it; nothing changed.")
