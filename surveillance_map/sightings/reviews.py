"""Deciding the questions imports and the OSM sync leave in the queue (sightings.Review).

A conflict is settled by keeping our values or taking the source's (a revision either way
when something changes); a possible duplicate by dismissing it (two cameras) — linking the
records of two cameras is the imports app's (`imports.linking.link_record`).
"""

from datetime import date

from django.contrib.gis.geos import Point
from django.db import transaction

from surveillance_map.cameras import services as camera_services
from surveillance_map.cameras.models import Camera
from surveillance_map.sightings.models import ModerationAction, Review


class ReviewAlreadyDecided(Exception):
    """Another moderator got there first."""


def _open(review: Review) -> Review:
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.status != Review.Status.OPEN:
        raise ReviewAlreadyDecided(f"review #{review.pk} is already decided")
    return locked


def _close(review: Review, status: str, moderator, reason: str, revision=None) -> Review:
    review.status, review.decided_by, review.decided_on = status, moderator, date.today()
    review.save(update_fields=["status", "decided_by", "decided_on"])
    ModerationAction.objects.create(
        action=ModerationAction.Action.REVIEW,
        camera=review.camera,
        revision=revision,
        moderator=moderator,
        reason=reason,
    )
    return review


def fields_of(state: dict) -> tuple[dict, list[str] | None]:
    """Camera fields (and capabilities, or None) from the state keys a review holds."""
    fields = {key: value for key, value in state.items() if key != "capabilities"}
    if "location" in fields:
        fields["location"] = Point(*fields["location"], srid=4326)
    return fields, state.get("capabilities")


@transaction.atomic
def review_take_theirs(*, review: Review, moderator) -> Review:
    review = _open(review)
    fields, capabilities = fields_of(review.theirs)
    revision = camera_services.camera_update(
        camera=review.camera,
        fields=fields,
        capabilities=capabilities,
        actor=moderator,
        reason=f"took the source's values: {review.origin}",
    )
    return _close(review, Review.Status.TAKEN, moderator, f"took {review.origin}", revision)


@transaction.atomic
def review_keep_ours(*, review: Review, moderator) -> Review:
    review = _open(review)
    return _close(review, Review.Status.KEPT, moderator, f"kept ours over {review.origin}")


@transaction.atomic
def review_dismiss(*, review: Review, moderator) -> Review:
    """Not the same camera after all (a duplicate question), or nothing to do."""
    review = _open(review)
    return _close(review, Review.Status.DISMISSED, moderator, f"distinct from {review.origin}")


@transaction.atomic
def review_mark_linked(*, review: Review, moderator, camera: Camera) -> Review:
    review = _open(review)
    return _close(
        review, Review.Status.LINKED, moderator, f"{review.origin}: same camera as #{camera.pk}"
    )


def open_reviews():
    return Review.objects.filter(status=Review.Status.OPEN).select_related("camera")
