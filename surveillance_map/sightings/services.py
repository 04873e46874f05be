"""Every write of a sighting: submit, confirm, approve, reject, merge, revert.

Approval, merge and revert change the camera through `cameras.services`, in the same
transaction as the sighting's new status and the moderation log entry. The sighting row is
locked first, so of two moderators acting at once only one applies it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from surveillance_map.cameras import services as camera_services
from surveillance_map.cameras.models import DESCRIPTION_FIELDS, Camera, Revision
from surveillance_map.cameras.services import Claim
from surveillance_map.cameras.vocabularies import Basis
from surveillance_map.jobs.runner import enqueue
from surveillance_map.lib import clock
from surveillance_map.sightings import redaction
from surveillance_map.sightings.models import ModerationAction, Sighting, SightingPhoto
from surveillance_map.sightings.photos import CleanPhoto, random_name
from surveillance_map.transparency.evidence import evidence_create
from surveillance_map.transparency.models import Evidence
from surveillance_map.transparency.services import OperatorResolver, VendorResolver

SUBMIT_FIELDS = frozenset(
    {
        "location",
        *DESCRIPTION_FIELDS,
        "capabilities",
        "operator_name",
        "vendor_name",
        "note",
        "placed_at_zoom",
    }
)


class SightingAlreadyDecided(Exception):
    """Another moderator got there first."""


@dataclass(frozen=True)
class ClaimDecisions:
    """What a moderator decided about a sighting's capability claims.

    By default every claim is kept as `reported`; `documented` codes rest on `evidence`;
    `rejected` codes are left off the camera (the rest of the sighting still applies).
    """

    documented: frozenset[str] = frozenset()
    rejected: frozenset[str] = frozenset()
    evidence: Evidence | None = None


def _claims(sighting: Sighting, decisions: ClaimDecisions | None) -> dict[str, Claim | None]:
    """The sighting's capabilities as claims: None keeps the camera's own, else `reported`."""
    decisions = decisions or ClaimDecisions()
    if decisions.documented and decisions.evidence is None:
        raise ValueError(_("Documented claims need evidence: a URL, a document or a photo."))
    claims = {}
    for code in sighting.capabilities:
        if code in decisions.rejected:
            continue
        if code in decisions.documented:
            claims[code] = Claim(Basis.DOCUMENTED, (decisions.evidence.pk,))
        else:
            claims[code] = None
    return claims


def _attach_evidence(decisions: ClaimDecisions | None, camera: Camera) -> None:
    """Evidence the moderator gave for this sighting becomes the camera's."""
    if decisions and decisions.evidence is not None:
        Evidence.objects.filter(
            pk=decisions.evidence.pk, camera=None, program=None, vendor=None
        ).update(camera=camera)


def _claims_note(decisions: ClaimDecisions | None) -> str:
    if not decisions or not decisions.rejected:
        return ""
    return " (claims rejected: " + ", ".join(sorted(decisions.rejected)) + ")"


def photo_evidence(*, photo: SightingPhoto, codes: Sequence[str]) -> Evidence:
    """A sighting's photo, checked for bystanders by a moderator, as evidence for claims."""
    if photo.regions is None:
        raise ValueError(_("Blur faces and number plates first: the photo is not checked yet."))
    with photo.image.open("rb") as handle:
        content = handle.read()
    return evidence_create(
        kind=Evidence.Kind.PHOTO,
        title=f"Photo of sighting #{photo.sighting_id}, reviewed by a moderator",
        content=content,
        suffix="." + photo.image.name.rsplit(".", 1)[-1].lower()
        if "." in photo.image.name
        else ".jpg",
        supports=[f"capability:{code}" for code in codes],
        observed_on=photo.sighting.submitted_on,
    )


def sighting_submit(
    *,
    kind: str,
    fields: dict,
    camera: Camera | None = None,
    photos: Sequence[CleanPhoto] = (),
    uploads: Sequence = (),
) -> Sighting:
    """Store an anonymous sighting with its (already cleaned) photos, and queue a job for each
    upload still to be cleaned (see sightings/tasks.py).

    A confirmation counts at once; it waits for review only when it brings a note or photos.
    """
    unknown = set(fields) - SUBMIT_FIELDS
    if unknown:
        raise TypeError(f"not sighting fields: {', '.join(sorted(unknown))}")
    if kind != Sighting.Kind.NEW and camera is None:
        raise ValueError(f"a {kind} sighting needs the camera it is about")
    saved: list[str] = []
    try:
        with transaction.atomic():
            sighting = Sighting.objects.create(
                kind=kind, camera=camera, submitted_on=timezone.localdate(), **fields
            )
            for photo in photos:
                _store_photo(sighting, photo, saved)
            for number, upload in enumerate(uploads, start=len(photos) + 1):
                _queue_photo(sighting, upload, number, saved)
            if kind == Sighting.Kind.CONFIRM:
                with clock.day_precision():  # no exact time of an anonymous act is kept
                    _confirm(sighting=sighting, camera=camera, moderator=None)
                if not photos and not uploads and not sighting.note:
                    sighting.status = Sighting.Status.APPROVED
                    sighting.decided_on = sighting.submitted_on
                    sighting.save(update_fields=["status", "decided_on"])
    except BaseException:
        for name in saved:  # nothing half-saved: no orphan files either
            default_storage.delete(name)
        raise
    return sighting


def _store_photo(sighting: Sighting, photo: CleanPhoto, saved: list[str]) -> SightingPhoto:
    image = default_storage.save(f"sightings/{random_name()}", ContentFile(photo.image))
    saved.append(image)
    thumb = default_storage.save(f"sightings/{random_name()}", ContentFile(photo.thumbnail))
    saved.append(thumb)
    return SightingPhoto.objects.create(
        sighting=sighting, image=image, thumbnail=thumb, width=photo.width, height=photo.height
    )


def _queue_photo(sighting: Sighting, upload, number: int, saved: list[str]) -> None:
    from surveillance_map.sightings.tasks import process_photo  # the task calls these services

    name = default_storage.save(f"uploads/{random_name('')}", upload)
    saved.append(name)
    enqueue(
        process_photo,
        label=f"Photo {number} of sighting #{sighting.pk}",
        subject=f"sighting:{sighting.pk}",
        payload={"sighting": sighting.pk, "upload": name},
        anonymous=True,
    )


def sighting_add_photo(*, sighting: Sighting, photo: CleanPhoto) -> SightingPhoto:
    """Store one cleaned photo of a sighting (the photo job's last step); no orphan files."""
    saved: list[str] = []
    try:
        with transaction.atomic():
            return _store_photo(sighting, photo, saved)
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise


def _confirm(*, sighting: Sighting, camera: Camera, moderator) -> Revision | None:
    """Refresh `last_verified` (one revision per day at most) and log the confirmation."""
    revision = _refresh_verified(camera=camera, seen=sighting.submitted_on, moderator=moderator)
    ModerationAction.objects.create(
        action=ModerationAction.Action.CONFIRM,
        sighting=sighting,
        camera=camera,
        revision=revision,
        moderator=moderator,
    )
    return revision


def _refresh_verified(*, camera: Camera, seen: date, moderator) -> Revision | None:
    current = Camera.objects.values_list("last_verified", flat=True).get(pk=camera.pk)
    if current is not None and current >= seen:
        return None
    return camera_services.camera_update(
        camera=camera,
        fields={"last_verified": seen},
        actor=moderator,
        actor_label="" if moderator else "anonymous confirmation",
        reason="Confirmed still in place",
    )


def _lock_pending(sighting: Sighting) -> Sighting:
    locked = Sighting.objects.select_for_update().get(pk=sighting.pk)
    if locked.status != Sighting.Status.PENDING:
        raise SightingAlreadyDecided(
            f"Sighting #{locked.pk} was already handled: {locked.get_status_display().lower()}"
            + (f" by {locked.decided_by}" if locked.decided_by else "")
            + "."
        )
    return locked


def _stated_camera_fields(sighting: Sighting) -> dict:
    """The camera fields the sighting gives a value for (blank means "don't know")."""
    fields = {}
    for name in DESCRIPTION_FIELDS:
        value = getattr(sighting, name)
        if value not in ("", None):
            fields[name] = value
    if "direction" in fields:  # one direction replaces a range
        fields.update(direction_from=None, direction_to=None)
    return fields


def _operator_and_vendor_fields(sighting: Sighting) -> dict:
    """The operator and vendor the sighting names, as rows (created when new)."""
    fields = {}
    if sighting.operator_name:
        fields["operator"] = OperatorResolver().resolve(sighting.operator_name)
    if sighting.vendor_name:
        fields["vendor"] = VendorResolver().resolve(sighting.vendor_name)
        fields["manufacturer"] = sighting.vendor_name
    return fields


def _record_decision(
    sighting, *, status, moderator, message, camera=None, revision=None
) -> Sighting:
    """Store the moderator's decision on the sighting and log it."""
    sighting.status = status
    sighting.decided_on = timezone.localdate()
    sighting.decided_by = moderator
    sighting.message = message
    if camera is not None:
        sighting.camera = camera
    sighting.revision = revision
    sighting.save()
    action = {
        Sighting.Status.APPROVED: ModerationAction.Action.APPROVE,
        Sighting.Status.REJECTED: ModerationAction.Action.REJECT,
        Sighting.Status.MERGED: ModerationAction.Action.MERGE,
    }[status]
    ModerationAction.objects.create(
        action=action,
        sighting=sighting,
        camera=sighting.camera,
        revision=revision,
        moderator=moderator,
        reason=message,
    )
    return sighting


def _publish(sighting: Sighting, publish_photos: bool) -> None:
    """Photos go public only once a moderator has checked each for bystanders (redaction.py)."""
    photos = list(sighting.photos.all())
    if publish_photos and photos:
        unchecked = [str(number) for number, photo in enumerate(photos, 1) if photo.regions is None]
        if unchecked:
            raise ValueError(
                _("Blur faces and number plates first: photo %(numbers)s not checked yet.")
                % {"numbers": ", ".join(unchecked)}
            )
        redaction.discard_originals(photos)
    sighting.photos.update(public=publish_photos)


@transaction.atomic
def sighting_approve(
    *,
    sighting: Sighting,
    moderator,
    message: str = "",
    publish_photos: bool = False,
    claims: ClaimDecisions | None = None,
) -> Sighting:
    """Apply the sighting to the map: create, edit, retire or re-verify its camera.

    Its capability claims stay `reported` unless `claims` documents or rejects them.
    """
    sighting = _lock_pending(sighting)
    reason = f"Sighting #{sighting.pk}" + (f": {message}" if message else "")
    reason += _claims_note(claims)
    kind, camera, revision = sighting.kind, sighting.camera, None
    if kind == Sighting.Kind.NEW:
        camera = camera_services.camera_create(
            fields={
                "location": sighting.location,
                **_stated_camera_fields(sighting),
                **_operator_and_vendor_fields(sighting),
                "first_seen": sighting.submitted_on,
                "last_verified": sighting.submitted_on,
            },
            capabilities=_claims(sighting, claims),
            basis=Basis.REPORTED,
            actor=moderator,
            reason=reason,
        )
        revision = camera.revisions.get()
    elif kind == Sighting.Kind.EDIT:
        fields = {
            "location": sighting.location,
            **_stated_camera_fields(sighting),
            **_operator_and_vendor_fields(sighting),
        }
        if camera.last_verified is None or camera.last_verified < sighting.submitted_on:
            fields["last_verified"] = sighting.submitted_on
        revision = camera_services.camera_update(
            camera=camera,
            fields=fields,
            # An empty list means "didn't say", not "has none": leave capabilities as they are.
            capabilities=_claims(sighting, claims) if sighting.capabilities else None,
            basis=Basis.REPORTED,
            actor=moderator,
            reason=reason,
        )
    elif kind == Sighting.Kind.GONE:
        revision = camera_services.camera_retire(camera=camera, actor=moderator, reason=reason)
    else:  # a confirmation: already counted when submitted; approval publishes its photos
        revision = _refresh_verified(camera=camera, seen=sighting.submitted_on, moderator=moderator)
    if camera is not None:
        _attach_evidence(claims, camera)
    _publish(sighting, publish_photos)
    return _record_decision(
        sighting,
        status=Sighting.Status.APPROVED,
        moderator=moderator,
        message=message,
        camera=camera,
        revision=revision,
    )


@transaction.atomic
def sighting_reject(*, sighting: Sighting, moderator, reason: str) -> Sighting:
    """Turn the sighting down; the reason is shown to the submitter on their receipt."""
    if not reason.strip():
        raise ValueError("a rejection needs a reason the submitter can read")
    sighting = _lock_pending(sighting)
    return _record_decision(
        sighting, status=Sighting.Status.REJECTED, moderator=moderator, message=reason.strip()
    )


@transaction.atomic
def sighting_merge(
    *,
    sighting: Sighting,
    camera: Camera,
    moderator,
    message: str = "",
    publish_photos: bool = False,
    claims: ClaimDecisions | None = None,
) -> Sighting:
    """Count the sighting as a report of an existing camera: fill only what the camera lacks
    (new claims `reported` unless `claims` documents or rejects them)."""
    sighting = _lock_pending(sighting)
    current = Camera.objects.get(pk=camera.pk)
    proposed = {**_stated_camera_fields(sighting), **_operator_and_vendor_fields(sighting)}
    fields = {
        name: value
        for name, value in proposed.items()
        if getattr(current, name) in ("", None) and name not in ("direction_from", "direction_to")
    }
    if "direction" in fields and current.direction_from is not None:
        del fields["direction"]  # the camera already has a direction range
    if current.last_verified is None or current.last_verified < sighting.submitted_on:
        fields["last_verified"] = sighting.submitted_on
    known = dict.fromkeys(current.capabilities.values_list("code", flat=True))
    revision = camera_services.camera_update(
        camera=current,
        fields=fields,
        capabilities={**known, **_claims(sighting, claims)},
        basis=Basis.REPORTED,
        actor=moderator,
        reason=f"Sighting #{sighting.pk} merged"
        + (f": {message}" if message else "")
        + _claims_note(claims),
    )
    _attach_evidence(claims, current)
    _publish(sighting, publish_photos)
    return _record_decision(
        sighting,
        status=Sighting.Status.MERGED,
        moderator=moderator,
        message=message,
        camera=current,
        revision=revision,
    )


@transaction.atomic
def revision_revert(*, camera: Camera, revision: Revision, moderator, reason: str = "") -> Revision:
    """A moderator's revert, logged. Raises ValueError when there is nothing to revert."""
    new = camera_services.camera_revert(
        camera=camera, revision=revision, actor=moderator, reason=reason
    )
    if new is None:
        raise ValueError(f"Camera #{camera.pk} is already as it was after revision {revision.pk}.")
    ModerationAction.objects.create(
        action=ModerationAction.Action.REVERT,
        camera=camera,
        revision=new,
        moderator=moderator,
        reason=new.reason,
    )
    return new


@transaction.atomic
def camera_check(*, camera: Camera, moderator) -> Revision | None:
    """A moderator saw the camera in place: it counts as a confirmation, logged."""
    revision = _refresh_verified(camera=camera, seen=timezone.localdate(), moderator=moderator)
    ModerationAction.objects.create(
        action=ModerationAction.Action.CONFIRM,
        camera=camera,
        revision=revision,
        moderator=moderator,
        reason="Checked in place by a moderator",
    )
    return revision
