"""Moderator pages: the queue, one sighting with its context, the actions, history and revert.

Every page needs the `sightings.moderate` permission: anonymous visitors are sent to log in,
logged-in users without it get 403, moderators who have not passed the second factor yet (when
it is required) are sent to that step.
"""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from surveillance_map.accounts import twofactor
from surveillance_map.cameras.models import Camera, Revision
from surveillance_map.cameras.selectors import camera_list
from surveillance_map.jobs.models import Job
from surveillance_map.lib.text import whole_number
from surveillance_map.sightings import redaction, reviews, selectors, services
from surveillance_map.sightings.models import ModerationAction, Review, Sighting, SightingPhoto
from surveillance_map.sightings.views.submission import MODERATE, map_config, photo_jobs
from surveillance_map.transparency.evidence import evidence_create
from surveillance_map.transparency.models import Evidence


def moderator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("sightings:login"))
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied("Moderator permission required.")
        if not twofactor.verified(request.user):
            return redirect_to_login(request.get_full_path(), reverse("accounts:verify"))
        return view(request, *args, **kwargs)

    return wrapper


@moderator_required
def queue(request):
    return render(
        request,
        "sightings/moderation/queue.html",
        {
            "sightings": selectors.queue(),
            "reviews": [
                {"review": r, "rows": review_rows(r)} for r in reviews.open_reviews()[:100]
            ],
            "recent": ModerationAction.objects.select_related("moderator", "sighting")[:20],
            "failed_jobs": Job.objects.filter(state=Job.State.FAILED)[:10],
        },
    )


def _neighbours(sighting: Sighting) -> tuple[int | None, int | None]:
    pending = Sighting.objects.filter(status=Sighting.Status.PENDING)
    before = pending.filter(pk__lt=sighting.pk).order_by("-pk").values_list("pk", flat=True)
    after = pending.filter(pk__gt=sighting.pk).order_by("pk").values_list("pk", flat=True)
    return before.first(), after.first()


@moderator_required
def detail(request, sighting_id: int):
    sighting = get_object_or_404(
        Sighting.objects.select_related("camera", "decided_by").prefetch_related("photos"),
        pk=sighting_id,
    )
    nearby = selectors.cameras_near(point=sighting.location, exclude=sighting.camera_id)
    previous, following = _neighbours(sighting)
    marker = {
        "lat": sighting.location.y,
        "lon": sighting.location.x,
        "direction": sighting.direction,
        "angle": sighting.angle_of_view,
    }
    others = [
        {"id": c.pk, "lat": c.location.y, "lon": c.location.x, "direction": c.direction}
        for c in nearby
    ]
    return render(
        request,
        "sightings/moderation/detail.html",
        {
            "sighting": sighting,
            "nearby": nearby,
            "lookalikes": selectors.lookalikes(sighting=sighting),
            "changes": selectors.sighting_diff(sighting=sighting),
            "previous": previous,
            "next": following,
            "actions": sighting.actions.select_related("moderator"),
            "photo_jobs": photo_jobs(sighting),
            "config": map_config(sighting=marker, cameras=others, zoom=18),
            "photos": [
                {"photo": photo, "regions": json.dumps(redaction.proposals(photo))}
                for photo in sighting.photos.all()
            ],
            "evidence_kinds": Evidence.Kind.choices,
            "claim_choices": CLAIM_CHOICES,
            "warnings": selectors.plausibility(sighting=sighting),
        },
    )


@require_POST
@moderator_required
def redact(request, photo_id: int):
    """Blur the moderator's rectangles into a photo (and mark it checked for bystanders)."""
    photo = get_object_or_404(SightingPhoto, pk=photo_id)
    back = reverse("sightings:moderation-detail", args=[photo.sighting_id]) + f"#photo-{photo.pk}"
    try:
        raw = json.loads(request.POST.get("regions", "[]"))
        regions = redaction.clean_regions(raw, width=photo.width, height=photo.height)
        redaction.photo_redact(photo=photo, regions=regions)
    except (ValueError, RecursionError) as error:  # bad JSON, or a published photo
        messages.error(request, _("Not blurred: %(reason)s") % {"reason": str(error)})
    except ValidationError as error:
        messages.error(
            request, _("Not blurred: %(reason)s") % {"reason": "; ".join(error.messages)}
        )
    else:
        messages.success(
            request,
            ngettext(
                "Photo checked: %(count)d region blurred.",
                "Photo checked: %(count)d regions blurred.",
                len(regions),
            )
            % {"count": len(regions)},
        )
    return redirect(back)


def _after_action(sighting_id: int):
    """Straight on to the next pending sighting, or back to the queue."""
    following = (
        Sighting.objects.filter(status=Sighting.Status.PENDING, pk__gt=sighting_id)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if following:
        return redirect("sightings:moderation-detail", sighting_id=following)
    return redirect("sightings:moderation-queue")


CLAIM_CHOICES = ("keep", "documented", "reject")


def _claim_decisions(request, sighting: Sighting) -> services.ClaimDecisions:
    """The moderator's choice for each claimed capability (keep as reported, documented by the
    evidence given, or rejected) and that evidence: a URL, a document or one of the photos."""
    choice = {code: request.POST.get(f"claim-{code}", "keep") for code in sighting.capabilities}
    if bad := [code for code, value in choice.items() if value not in CLAIM_CHOICES]:
        raise ValueError(_("Unknown choice for the claim %(code)s.") % {"code": bad[0]})
    documented = frozenset(c for c, v in choice.items() if v == "documented")
    rejected = frozenset(c for c, v in choice.items() if v == "reject")
    evidence = None
    if documented:
        supports = [f"capability:{code}" for code in sorted(documented)]
        photo_id = whole_number(request.POST.get("evidence_photo", ""))
        if photo_id is not None:
            photo = get_object_or_404(SightingPhoto, pk=photo_id, sighting=sighting)
            evidence = services.photo_evidence(photo=photo, codes=sorted(documented))
        elif request.POST.get("evidence_url", "").strip() or request.FILES.get("evidence_file"):
            evidence = evidence_create(
                kind=request.POST.get("evidence_kind", "other"),
                title=request.POST.get("evidence_title", ""),
                url=request.POST.get("evidence_url", "").strip(),
                upload=request.FILES.get("evidence_file"),
                supports=supports,
            )
    return services.ClaimDecisions(documented=documented, rejected=rejected, evidence=evidence)


def _apply_decision(request, sighting_id: int, apply):
    """Run `apply` on the sighting (with the claim decisions), in one transaction; say what
    happened and move on to the next one."""
    sighting = get_object_or_404(Sighting, pk=sighting_id)
    try:
        with transaction.atomic():
            done = apply(sighting, _claim_decisions(request, sighting))
    except services.SightingAlreadyDecided as error:
        messages.error(request, str(error))
        return redirect("sightings:moderation-detail", sighting_id=sighting_id)
    except (ValueError, ValidationError) as error:
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, _("Not applied: %(reason)s") % {"reason": text})
        return redirect("sightings:moderation-detail", sighting_id=sighting_id)
    messages.success(
        request,
        _("Sighting #%(id)s: %(status)s.")
        % {"id": done.pk, "status": done.get_status_display().lower()},
    )
    return _after_action(sighting_id)


@require_POST
@moderator_required
def approve(request, sighting_id: int):
    return _apply_decision(
        request,
        sighting_id,
        lambda sighting, claims: services.sighting_approve(
            sighting=sighting,
            moderator=request.user,
            message=request.POST.get("message", "").strip(),
            publish_photos=request.POST.get("publish_photos") == "on",
            claims=claims,
        ),
    )


@require_POST
@moderator_required
def reject(request, sighting_id: int):
    return _apply_decision(
        request,
        sighting_id,
        lambda sighting, _claims: services.sighting_reject(
            sighting=sighting, moderator=request.user, reason=request.POST.get("reason", "")
        ),
    )


@require_POST
@moderator_required
def merge(request, sighting_id: int):
    raw = request.POST.get("camera", "").strip().lstrip("#")
    number = whole_number(raw)
    camera = Camera.objects.filter(pk=number).first() if number is not None else None
    if camera is None:
        messages.error(request, _("Not merged: there is no camera “%(id)s”.") % {"id": raw})
        return redirect("sightings:moderation-detail", sighting_id=sighting_id)
    return _apply_decision(
        request,
        sighting_id,
        lambda sighting, claims: services.sighting_merge(
            sighting=sighting,
            camera=camera,
            moderator=request.user,
            message=request.POST.get("message", "").strip(),
            publish_photos=request.POST.get("publish_photos") == "on",
            claims=claims,
        ),
    )


def history(request, camera_id: int):
    """A camera's revisions, newest first; moderators get a revert button on each."""
    camera = get_object_or_404(camera_list(), pk=camera_id)  # real cameras only
    return render(
        request,
        "sightings/history.html",
        selectors.camera_panel(camera=camera, user=request.user),
    )


@require_POST
@moderator_required
def revert(request, camera_id: int, revision_id: int):
    camera = get_object_or_404(Camera, pk=camera_id)
    revision = get_object_or_404(Revision, pk=revision_id, camera=camera)
    try:
        new = services.revision_revert(
            camera=camera,
            revision=revision,
            moderator=request.user,
            reason=request.POST.get("reason", "").strip(),
        )
    except (ValueError, ValidationError) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Camera #%(id)s reverted (revision %(revision)s).")
            % {"id": camera.pk, "revision": new.pk},
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("sightings:history", args=[camera.pk])
    return redirect(back)


@require_POST
@moderator_required
def check(request, camera_id: int):
    """A moderator confirms the camera is in place (counts towards community verification)."""
    camera = get_object_or_404(camera_list(), pk=camera_id)
    services.camera_check(camera=camera, moderator=request.user)
    messages.success(request, _("Camera #%(id)s: your check is recorded.") % {"id": camera.pk})
    return redirect("sightings:history", camera_id=camera.pk)


def review_rows(review: Review) -> list[tuple[str, object, object]]:
    """(field, ours, theirs) for each field a conflict is about."""
    return [(key, review.ours.get(key), review.theirs.get(key)) for key in review.theirs]


_REVIEW_ACTIONS = {
    "keep": reviews.review_keep_ours,
    "take": reviews.review_take_theirs,
    "dismiss": reviews.review_dismiss,
}


@require_POST
@moderator_required
def decide_review(request, review_id: int, action: str):
    review = get_object_or_404(Review, pk=review_id)
    decide = _REVIEW_ACTIONS.get(action)
    if decide is None:
        raise Http404("no such action")
    try:
        done = decide(review=review, moderator=request.user)
    except reviews.ReviewAlreadyDecided as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(
            request, _("Not applied: %(reason)s") % {"reason": "; ".join(error.messages)}
        )
    else:
        messages.success(
            request,
            _("Question #%(id)s: %(status)s.")
            % {"id": done.pk, "status": done.get_status_display().lower()},
        )
    return redirect(reverse("sightings:moderation-queue") + "#reviews")
