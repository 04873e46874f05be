"""Reads for the submit form and the moderation queue: nearby cameras, lookalikes, diffs."""

import math
from dataclasses import dataclass
from datetime import date

from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point, Polygon
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from surveillance_map.accounts.twofactor import verified
from surveillance_map.cameras.freshness import camera_is_stale
from surveillance_map.cameras.models import DESCRIPTION_FIELDS, Camera
from surveillance_map.cameras.vocabularies import (
    CAPABILITIES,
    RARE_CAPABILITIES,
    Dataset,
    Status,
)
from surveillance_map.lib.land import on_land
from surveillance_map.sightings.models import ModerationAction, Sighting, SightingPhoto

NEARBY_METERS = 30
LOOKALIKE_METERS = 150


def _box(point: Point, meters: float) -> Polygon:
    """A lon/lat box a little larger than a circle of `meters`: an index-friendly prefilter."""
    dlat = meters / 111_000 * 1.1
    dlon = dlat / max(math.cos(math.radians(point.y)), 0.01)
    return Polygon.from_bbox((point.x - dlon, point.y - dlat, point.x + dlon, point.y + dlat))


def _within(queryset: QuerySet, point: Point, meters: float, limit: int) -> list:
    rows = (
        queryset.filter(location__intersects=_box(point, meters))
        .annotate(distance=Distance("location", point))
        .order_by("distance")[: limit * 2]
    )
    return [row for row in rows if row.distance.m <= meters][:limit]


def cameras_near(
    *, point: Point, meters: float = NEARBY_METERS, exclude: int | None = None, limit: int = 10
) -> list[Camera]:
    """Real cameras within `meters`, nearest first, each with `.distance`."""
    cameras = Camera.objects.filter(dataset=Dataset.REAL).select_related("operator", "vendor")
    if exclude is not None:
        cameras = cameras.exclude(pk=exclude)
    return _within(cameras, point, meters, limit)


def lookalikes(*, sighting: Sighting) -> dict[str, list]:
    """Possible duplicates: other pending sightings close by, and similar cameras a bit further."""
    pending = Sighting.objects.filter(status=Sighting.Status.PENDING).exclude(pk=sighting.pk)
    similar = Camera.objects.filter(dataset=Dataset.REAL)
    if sighting.surveillance_type:
        similar = similar.filter(surveillance_type=sighting.surveillance_type)
    if sighting.mount:
        similar = similar.filter(mount=sighting.mount)
    near_ids = {c.pk for c in cameras_near(point=sighting.location, limit=50)}
    similar = [
        c
        for c in _within(similar, sighting.location, LOOKALIKE_METERS, 20)
        if c.pk not in near_ids and c.pk != sighting.camera_id
    ]
    return {
        "sightings": _within(pending, sighting.location, NEARBY_METERS, 10),
        "cameras": similar[:10],
    }


@dataclass(frozen=True)
class Change:
    field: str
    current: str
    proposed: str


def _shown(instance, name: str) -> str:
    value = getattr(instance, name)
    if value in ("", None):
        return "—"
    display = getattr(instance, f"get_{name}_display", None)
    return str(display() if display else value)


def capability_names(codes) -> str:
    """Capabilities as a person reads them, in the page's language, not their codes."""
    return ", ".join(_(CAPABILITIES[code]) if code in CAPABILITIES else code for code in codes)


def sighting_diff(*, sighting: Sighting) -> list[Change]:
    """Field by field, what approving this sighting would change on its camera."""
    camera = sighting.camera
    if camera is None:
        return []
    if sighting.kind == Sighting.Kind.GONE:
        return [Change("status", camera.get_status_display(), str(Status.REMOVED.label))]
    changes = []
    here, there = sighting.location, camera.location
    if (round(here.x, 7), round(here.y, 7)) != (round(there.x, 7), round(there.y, 7)):
        moved = Camera.objects.filter(pk=camera.pk).annotate(d=Distance("location", here)).get()
        changes.append(Change("location", "", _("moved %(m)s m") % {"m": f"{moved.d.m:.0f}"}))
    for name in DESCRIPTION_FIELDS:
        proposed = getattr(sighting, name)
        if proposed not in ("", None) and proposed != getattr(camera, name):
            changes.append(Change(name, _shown(camera, name), _shown(sighting, name)))
    current_caps = sorted(camera.capabilities.values_list("code", flat=True))
    if sighting.capabilities and sorted(sighting.capabilities) != current_caps:
        changes.append(
            Change(
                "capabilities",
                capability_names(current_caps) or "—",
                capability_names(sorted(sighting.capabilities)),
            )
        )
    for name, related in (("operator_name", "operator"), ("vendor_name", "vendor")):
        proposed = getattr(sighting, name)
        current = getattr(camera, related)
        if proposed and (current is None or current.name.casefold() != proposed.casefold()):
            changes.append(Change(related, str(current or "—"), proposed))
    return changes


def queue(*, status: str = Sighting.Status.PENDING) -> QuerySet[Sighting]:
    """Sightings to review, oldest first."""
    return (
        Sighting.objects.filter(status=status)
        .select_related("camera", "decided_by")
        .prefetch_related("photos")
    )


def _vouching(camera: Camera):
    """The sightings that vouch for the camera (confirmations, approvals, merges)."""
    vouching = Q(status__in=[Sighting.Status.APPROVED, Sighting.Status.MERGED]) & ~Q(
        kind=Sighting.Kind.GONE
    )
    return Sighting.objects.filter(vouching | Q(kind=Sighting.Kind.CONFIRM), camera=camera)


def confirmation_count(*, camera: Camera) -> int:
    """How many sightings have vouched for this camera (confirmations, approvals, merges)."""
    return _vouching(camera).count()


# "Verified by the community": this many submissions (or moderator checks) on this many days.
VERIFIED_SUBMISSIONS, VERIFIED_DAYS = 3, 2


def community_verification(*, camera: Camera, sighting_days: list[date] | None = None) -> dict:
    """How many separate submissions confirmed the camera exists, on how many days, the last
    day, and whether that makes it verified by the community. Only days are counted: nobody is
    tracked (rate limits already bound what one sender can add). `sighting_days`: the vouching
    sightings' days, when the caller has read them already."""
    if sighting_days is None:
        sighting_days = _vouching(camera).values_list("submitted_on", flat=True)
    days = list(sighting_days)
    checks = ModerationAction.objects.filter(
        camera=camera,
        action=ModerationAction.Action.CONFIRM,
        sighting=None,
        moderator__isnull=False,
    ).values_list("created_at", flat=True)
    days += [moment.date() for moment in checks]
    return {
        "confirmations": len(days),
        "days": len(set(days)),
        "last_confirmed": max(days).isoformat() if days else None,
        "verified": len(days) >= VERIFIED_SUBMISSIONS and len(set(days)) >= VERIFIED_DAYS,
    }


def camera_panel(*, camera: Camera, user) -> dict:
    """What the camera page's history panel shows: revisions, freshness, public photos."""
    revisions = list(camera.revisions.select_related("actor").order_by("-id"))
    for revision in revisions:  # reverting to the state the camera has now would do nothing
        revision.is_current_state = revision.after == revisions[0].after
    sighting_days = list(_vouching(camera).values_list("submitted_on", flat=True))
    return {
        "camera": camera,
        "revisions": revisions,
        "stale": camera_is_stale(camera),
        "confirmations": len(sighting_days),
        "verification": community_verification(camera=camera, sighting_days=sighting_days),
        "photos": SightingPhoto.objects.filter(sighting__camera=camera, public=True)
        .select_related("sighting")
        .order_by("-id")[:12],
        "can_revert": bool(user and user.has_perm("sightings.moderate") and verified(user)),
    }


DUPLICATE_METERS = 25
SIMILAR_DEGREES = 45
RARE_CLAIMS_LIMIT = 3
# Below this map zoom a tap lands tens of metres off (20 px ≈ 24 m at zoom 17 at the equator).
PRECISE_ZOOM = 17


def _bearing_gap(a: int, b: int) -> int:
    gap = abs(a - b) % 360
    return min(gap, 360 - gap)


def plausibility(*, sighting: Sighting) -> list[dict]:
    """Warnings for the moderator (and the sender): a likely duplicate within 25 m looking the
    same way, a place outside any country's land, many rare capabilities at once."""
    warnings = []
    if sighting.kind == Sighting.Kind.NEW:
        for camera in cameras_near(
            point=sighting.location, meters=DUPLICATE_METERS, exclude=sighting.camera_id
        ):
            if camera.status == Status.REMOVED:
                continue
            if (
                sighting.direction is None
                or camera.direction is None
                or _bearing_gap(sighting.direction, camera.direction) <= SIMILAR_DEGREES
            ):
                warnings.append(
                    {
                        "code": "duplicate",
                        "camera": camera,
                        "message": _(
                            "Camera #%(id)s stands %(m)d m away and looks the same way: "
                            "probably the same one (confirm it instead)."
                        )
                        % {"id": camera.pk, "m": round(camera.distance.m)},
                    }
                )
        if not on_land(sighting.location.x, sighting.location.y):
            warnings.append(
                {"code": "water", "message": _("The place is outside any country's land.")}
            )
        if sighting.placed_at_zoom is not None and sighting.placed_at_zoom < PRECISE_ZOOM:
            warnings.append(
                {
                    "code": "coarse",
                    "message": _(
                        "The pin was placed on a map zoomed out too far to be precise "
                        "(zoom %(zoom)d): zoom in and check it."
                    )
                    % {"zoom": sighting.placed_at_zoom},
                }
            )
    rare = [code for code in sighting.capabilities if code in RARE_CAPABILITIES]
    if len(rare) >= RARE_CLAIMS_LIMIT:
        warnings.append(
            {
                "code": "rare",
                "message": _("Many rare capabilities claimed at once: %(codes)s.")
                % {"codes": ", ".join(rare)},
            }
        )
    return warnings
