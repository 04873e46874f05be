"""A record of every background job: what it is about, how far it got, how it ended.

Celery carries the work; this table is what moderators see (the admin and the moderation
queue show failed jobs). A job about an anonymous contribution keeps no times beyond the day
(docs/security.md): `anonymous` jobs leave `started_at` and `finished_at` empty.
"""

from django.conf import settings
from django.db import models


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        RETRYING = "retrying", "Waiting to retry"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    task = models.CharField(max_length=100, help_text="The Celery task that runs it.")
    label = models.CharField(max_length=200)
    subject = models.CharField(
        max_length=100, blank=True, db_index=True, help_text='What it is about, e.g. "sighting:12".'
    )
    payload = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    done = models.PositiveIntegerField(default=0, help_text="Progress: items done so far.")
    total = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(blank=True, help_text="The last progress note, or the error.")
    result = models.JSONField(default=dict, blank=True)
    anonymous = models.BooleanField(default=False)
    created_on = models.DateField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_state_display().lower()})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.SUCCEEDED, self.State.FAILED)
