"""Create a moderator, or make an existing user one.

    manage.py create_moderator NAME [--staff]

The user joins the "Moderators" group, which is given the `sightings.moderate` permission
(queue, approve/reject/merge, revert) and the admin's camera-file upload and job pages.
`--staff` also opens the admin. The password comes from
the MODERATOR_PASSWORD environment variable or is asked for twice; an existing user keeps
theirs when none is given. Fails with a message, changing nothing, on a password that Django's
validators refuse or on two entries that differ.
"""

import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

GROUP = "Moderators"
UPLOAD_PERMISSIONS = ["add_importbatch", "view_importbatch", "add_source", "view_source"]
UPLOAD_PERMISSIONS += ["view_job", "change_job"]


class Command(BaseCommand):
    help = "Create a moderator (or promote a user) who may review sightings and revert edits."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--staff", action="store_true", help="Also allow the admin site")

    def handle(self, *args, username, staff, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = os.environ.get("MODERATOR_PASSWORD") or (None if user else self._ask_password())
        if password is not None:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            created = user is None
            user = user or User(username=username)
            if password is not None:
                user.set_password(password)
            user.is_staff = user.is_staff or staff
            user.save()
            group, _ = Group.objects.get_or_create(name=GROUP)
            group.permissions.add(
                Permission.objects.get(codename="moderate", content_type__app_label="sightings"),
                # The admin's camera-file upload and the background jobs' pages.
                *Permission.objects.filter(
                    content_type__app_label__in=["imports", "jobs"],
                    codename__in=UPLOAD_PERMISSIONS,
                ),
            )
            user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} moderator {username} (log in at /moderation/login/).")

    def _ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ; nothing was changed.")
        return first
