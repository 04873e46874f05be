"""Bulk attribution: link many cameras at once to a program, operator or vendor, citing one
Evidence record, as one revisioned batch that can be reverted as a whole.

Each camera changed gets its own revision (reason "Attribution #N"), so its history shows the
batch; the link's basis is `inferred` and its evidence the batch's. A camera whose link is
documented already is left alone. Reverting gives each camera back the link it had before,
unless the camera's link has changed since (then it is left, and counted as skipped).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from surveillance_map.cameras.models import Camera, Revision
from surveillance_map.cameras.services import camera_update
from surveillance_map.cameras.vocabularies import Basis
from surveillance_map.transparency.models import Attribution, Evidence

MAX_CAMERAS = 5000


@transaction.atomic
def attribution_apply(
    *, link: str, target, evidence: Evidence, cameras: QuerySet[Camera], selection: dict, moderator
) -> Attribution:
    """Link the selected cameras to `target`; returns the batch (its revisions attached)."""
    if link not in Attribution.Link.values:
        raise ValidationError({"link": _("Link cameras to a program, an operator or a vendor.")})
    ids = list(cameras.order_by("id").values_list("id", flat=True)[: MAX_CAMERAS + 1])
    if not ids:
        raise ValidationError({"cameras": _("No camera matches this selection.")})
    if len(ids) > MAX_CAMERAS:
        raise ValidationError(
            {"cameras": _("More than %(n)d cameras: narrow the selection.") % {"n": MAX_CAMERAS}}
        )
    batch = Attribution.objects.create(
        link=link,
        evidence=evidence,
        selection=selection,
        created_by=moderator,
        **{link: target},
    )
    reason = f"Attribution #{batch.pk}: {link} {target.name} (evidence #{evidence.pk})"
    revisions = []
    for camera in Camera.objects.filter(id__in=ids).order_by("id"):
        if getattr(camera, f"{link}_basis") == Basis.DOCUMENTED:
            continue  # a camera's own evidence outranks an attribution of many
        revision = camera_update(
            camera=camera,
            fields={
                link: target,
                f"{link}_basis": Basis.INFERRED,
                "claim_evidence": {**(camera.claim_evidence or {}), link: [evidence.pk]},
            },
            actor=moderator,
            reason=reason,
        )
        if revision is not None:
            revisions.append(revision)
    batch.revisions.set(revisions)
    return batch


@transaction.atomic
def attribution_revert(*, attribution: Attribution, moderator) -> tuple[int, int]:
    """Undo the batch on every camera it changed; returns (reverted, skipped)."""
    batch = Attribution.objects.select_for_update().get(pk=attribution.pk)
    if batch.reverted_at is not None:
        raise ValueError(_("Attribution #%(id)s was already reverted.") % {"id": batch.pk})
    link, target_id = batch.link, getattr(batch, f"{batch.link}_id")
    reverted = skipped = 0
    for revision in batch.revisions.order_by("camera_id").select_related("camera"):
        camera = revision.camera
        current = Camera.objects.get(pk=camera.pk)
        if getattr(current, f"{link}_id") != target_id or getattr(current, f"{link}_basis") != (
            Basis.INFERRED
        ):
            skipped += 1
            continue
        before = revision.before or {}
        had = before.get(f"{link}_id")
        evidence = dict(current.claim_evidence or {})
        evidence.pop(link, None)
        if (before.get("claim_evidence") or {}).get(link):
            evidence[link] = before["claim_evidence"][link]
        camera_update(
            camera=current,
            fields={
                f"{link}_id": had,
                f"{link}_basis": before.get(f"{link}_basis", "") if had else "",
                "claim_evidence": evidence,
            },
            actor=moderator,
            reason=f"Revert of attribution #{batch.pk}",
            action=Revision.Action.REVERT,
        )
        reverted += 1
    batch.reverted_at, batch.reverted_by = timezone.now(), moderator
    batch.save(update_fields=["reverted_at", "reverted_by"])
    return reverted, skipped
