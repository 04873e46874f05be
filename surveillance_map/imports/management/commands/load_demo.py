"""Load the demo data once: vendors and programs, the real sample camera files, a moderator.

Demo areas (approximate boundaries) and the cameras' country/place are brought up to date on
every run.

Used by `make run`. Does nothing when demo data is already there (so a second run starts at
once); `--force` re-runs the (idempotent) import. The moderator's password is for local demos
only: the command refuses to create it unless DEBUG is on, and flags it so that a server with
DEBUG off refuses that login even if the database moves there.
"""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from surveillance_map.accounts import demo
from surveillance_map.areas.services import import_areas
from surveillance_map.imports.importer import import_file
from surveillance_map.imports.models import ImportBatch, Source
from surveillance_map.imports.readers import parse_column_map
from surveillance_map.transparency.services import load_transparency

FIXTURES = settings.BASE_DIR / "fixtures"
DEMO_MODERATOR = (demo.DEMO_USERNAME, demo.DEMO_PASSWORD)
MODERATED_APPS = ("cameras", "transparency", "areas", "imports", "sightings")


class Command(BaseCommand):
    help = "Load demo cameras, vendors, programs and a demo moderator (local runs only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Import again even if loaded")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo creates a known login: run it with DEBUG=1 only.")
        if ImportBatch.objects.exists() and not options["force"]:
            self.stdout.write("Demo data already loaded.")
        else:
            self._load()
        # Cheap and idempotent, so a database loaded before areas existed gets them too.
        areas = import_areas(path=FIXTURES / "areas_demo.geojson")
        self.stdout.write(f"Demo areas (approximate boundaries): {len(areas.created)} new.")
        call_command("locate_cameras", stdout=self.stdout)
        self._moderator()
        username, password = DEMO_MODERATOR
        self.stdout.write(f"Demo moderator login: {username} / {password}")

    def _load(self) -> None:
        vendors, programs = load_transparency(FIXTURES / "transparency.json")
        self.stdout.write(f"Loaded {vendors} vendors and {programs} programs with sources.")
        for entry in json.loads((FIXTURES / "demo_sources.json").read_text(encoding="utf-8")):
            source_data = dict(entry["source"])
            source, _ = Source.objects.update_or_create(
                slug=source_data.pop("slug"), defaults=source_data
            )
            result = import_file(
                FIXTURES / entry["file"],
                source=source,
                column_map=parse_column_map(entry.get("map", "")),
            )
            self.stdout.write(
                f"Imported {entry['file']}: {result.created} new, {result.updated} updated, "
                f"{result.unchanged} unchanged, {len(result.rejections)} rejected."
            )

    def _moderator(self) -> None:
        group, _ = Group.objects.get_or_create(name="Moderators")
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=MODERATED_APPS))
        username, password = DEMO_MODERATOR
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True}
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(group)
        demo.flag(user)  # a published password: refused by any server with DEBUG off
