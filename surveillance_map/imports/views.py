"""Moderator actions on the links between sources (see imports/links.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from surveillance_map.cameras.models import Camera
from surveillance_map.imports import links
from surveillance_map.imports.models import SourceRecord
from surveillance_map.sightings.models import Review
from surveillance_map.sightings.reviews import ReviewAlreadyDecided
from surveillance_map.sightings.views.moderation import moderator_required


def _failed(request, error) -> None:
    text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, _("Not applied: %(reason)s") % {"reason": text})


@require_POST
@moderator_required
def link_review(request, review_id: int, camera_id: int):
    review = get_object_or_404(Review, pk=review_id)
    camera = get_object_or_404(Camera, pk=camera_id)
    try:
        links.review_link(review=review, camera=camera, moderator=request.user)
    except (ValueError, ValidationError, ReviewAlreadyDecided) as error:
        _failed(request, error)
    else:
        messages.success(request, _("Linked to camera #%(id)s.") % {"id": camera.pk})
    return redirect(reverse("sightings:moderation-queue") + "#reviews")


@require_POST
@moderator_required
def record_action(request, record_id: int, action: str):
    record = get_object_or_404(SourceRecord, pk=record_id)
    back = record.camera_id
    try:
        if action == "split":
            camera = links.record_split(record=record, moderator=request.user)
            messages.success(request, _("Split into camera #%(id)s.") % {"id": camera.pk})
        elif action == "confirm":
            links.record_confirm(record=record, moderator=request.user)
            messages.success(request, _("Link confirmed."))
        else:
            messages.error(request, _("Unknown action."))
    except (ValueError, ValidationError) as error:
        _failed(request, error)
    return redirect("maps:camera", camera_id=back)
