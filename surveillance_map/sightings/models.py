"""Sightings: anonymous submissions that moderators turn into camera revisions.

Nothing here identifies a submitter: no address, no user agent, and the submission date is
kept to the day. The receipt token is the submitter's only handle on their sighting.
"""

import secrets

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from surveillance_map.cameras.models import Camera, CameraDescription, Revision
from surveillance_map.lib.clock import ClockDateTimeField


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Sighting(CameraDescription):
    class Kind(models.TextChoices):
        NEW = "new", _("New camera")
        EDIT = "edit", _("Something is wrong")
        GONE = "gone", _("Camera is gone")
        CONFIRM = "confirm", _("Still there")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        MERGED = "merged", _("Merged into an existing camera")

    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NEW)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # The camera an edit, report or confirmation is about; for an approved or merged new
    # sighting, the camera it became part of.
    camera = models.ForeignKey(
        Camera, null=True, blank=True, on_delete=models.PROTECT, related_name="sightings"
    )
    location = models.PointField(srid=4326)
    capabilities = models.JSONField(default=list, blank=True)
    operator_name = models.CharField(max_length=200, blank=True)
    vendor_name = models.CharField(max_length=200, blank=True)
    note = models.TextField(max_length=2000, blank=True)
    # The map's zoom when the pin was placed (None: typed coordinates): a coarse zoom means an
    # imprecise place, flagged to the moderator.
    placed_at_zoom = models.PositiveSmallIntegerField(null=True, blank=True)
    # To the day only: a precise time could be matched against an operator's own camera logs.
    submitted_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    message = models.TextField(blank=True, help_text="The moderator's word to the submitter.")
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        permissions = [("moderate", "Can moderate sightings and revert camera revisions")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


def _photo_path(instance, filename: str) -> str:
    return f"sightings/{filename}"


class SightingPhoto(models.Model):
    """A re-encoded photo with no metadata, stored under a random name."""

    sighting = models.ForeignKey(Sighting, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=_photo_path, max_length=200)
    thumbnail = models.FileField(upload_to=_photo_path, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # Public only once a moderator has approved the sighting and checked for bystanders.
    public = models.BooleanField(default=False)
    # The rectangles a moderator blurred (faces, number plates); None until checked, and a
    # photo is published only once checked (see redaction.py).
    regions = models.JSONField(null=True, blank=True)
    # The unblurred file while the photo is private, so a redaction can be redone; deleted
    # when the photo is published.
    original = models.FileField(upload_to=_photo_path, max_length=200, blank=True)

    class Meta:
        ordering = ["id"]


class ModerationAction(models.Model):
    """The log: every moderation act, with who and when."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        MERGE = "merge", _("Merge")
        REVERT = "revert", _("Revert")
        CONFIRM = "confirm", _("Confirmation recorded")
        REVIEW = "review", _("Source question decided")

    action = models.CharField(max_length=10, choices=Action.choices)
    sighting = models.ForeignKey(
        Sighting, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    camera = models.ForeignKey(
        Camera, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    reason = models.TextField(blank=True)
    # Only the day when the act was an anonymous confirmation (lib/clock.py).
    created_at = ClockDateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.moderator or 'nobody'} at {self.created_at:%Y-%m-%d %H:%M}"


class Review(models.Model):
    """A question the importers leave to a moderator, in the queue beside the sightings.

    A conflict: a source changed fields a moderator had edited here; `ours` and `theirs` hold
    both values of each such field. A duplicate: a record from one source lies near several
    cameras of others (or a moderator should confirm a match); `candidates` lists them.
    """

    class Kind(models.TextChoices):
        CONFLICT = "conflict", _("Upstream change to a locally edited camera")
        DUPLICATE = "duplicate", _("Possibly the same camera")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        KEPT = "kept", _("Kept ours")
        TAKEN = "taken", _("Took theirs")
        LINKED = "linked", _("Linked")
        DISMISSED = "dismissed", _("Dismissed")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="reviews")
    candidates = models.JSONField(default=list, blank=True)
    origin = models.CharField(max_length=300, help_text="e.g. OpenStreetMap node/1 v3, changeset 9")
    ours = models.JSONField(default=dict, blank=True)
    theirs = models.JSONField(default=dict, blank=True)
    created_on = models.DateField(auto_now_add=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} (camera #{self.camera_id})"
