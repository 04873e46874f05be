"""Every write to a camera goes through here, and writes its Revision in the same transaction.

Admin, importers and moderation call these functions, so the rule "no change without a
revision" lives in one place.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import transaction

from surveillance_map.cameras.models import (
    STATE_FIELDS,
    Camera,
    CameraCapability,
    Capability,
    Revision,
)
from surveillance_map.cameras.spatial import spatial_key
from surveillance_map.cameras.vocabularies import LINKS, Basis, Status
from surveillance_map.lib.gazetteer import nearest_places

EDITABLE_FIELDS = frozenset(STATE_FIELDS) | {"location", "operator", "vendor", "program"}


@dataclass(frozen=True)
class Claim:
    """What one capability claim rests on: a basis (vocabularies.Basis) and Evidence ids."""

    basis: str
    evidence: tuple[int, ...] = ()


# Capabilities as callers give them: codes (new ones take the call's basis, the others keep
# theirs), or codes mapped to a Claim (None: keep the current claim, else the call's basis).
Capabilities = Iterable[str] | Mapping[str, Claim | None]


@dataclass
class CameraWrite:
    """The state to give one camera, as used by bulk writers such as the importer.

    Its location may be a Point or a (lon, lat) pair (cheaper to build by the hundred thousand).
    """

    fields: dict
    capabilities: Sequence[str] = field(default_factory=tuple)


def current_claims(camera: Camera) -> dict[str, Claim]:
    """The camera's capability claims by code."""
    if not camera.pk:
        return {}
    links = CameraCapability.objects.filter(camera_id=camera.pk)
    return {
        code: Claim(basis, tuple(evidence))
        for code, basis, evidence in links.values_list("capability__code", "basis", "evidence")
    }


def _resolve_claims(requested: Capabilities, current: dict[str, Claim], basis: str) -> dict:
    if isinstance(requested, Mapping):
        return {
            code: claim or current.get(code) or Claim(basis) for code, claim in requested.items()
        }
    return {code: current.get(code) or Claim(basis) for code in set(requested)}


def camera_state(camera: Camera, capabilities: Capabilities | None = None) -> dict:
    """The camera's state as plain JSON, as stored in revisions.

    With claims (or None: the stored ones) the state holds each capability's basis and
    evidence; with bare codes (a change check) only the codes.
    """
    data = {}
    for name in STATE_FIELDS:
        value = getattr(camera, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    data["location"] = [round(camera.location.x, 7), round(camera.location.y, 7)]
    if capabilities is None:
        capabilities = current_claims(camera)
    data["capabilities"] = sorted(capabilities)
    if isinstance(capabilities, Mapping):
        claims = sorted(capabilities.items())
        data["capability_basis"] = {code: claim.basis for code, claim in claims}
        data["capability_evidence"] = {
            code: list(claim.evidence) for code, claim in claims if claim.evidence
        }
    return data


def claims_of_state(state: dict) -> dict[str, Claim]:
    """The claims a revision's state records (older states hold codes only: None each)."""
    bases = state.get("capability_basis")
    if bases is None:
        return dict.fromkeys(state.get("capabilities", []))
    evidence = state.get("capability_evidence", {})
    return {code: Claim(bases[code], tuple(evidence.get(code, ()))) for code in bases}


def _set_link_bases(camera: Camera, before: dict, fields: dict, basis: str) -> None:
    """A link the call changes takes the call's basis (none once unlinked) and loses the
    evidence of the old link, unless the call states them."""
    evidence = dict(camera.claim_evidence or {})
    for name in LINKS:
        if f"{name}_id" not in before:
            continue
        new_id = getattr(camera, f"{name}_id")
        if new_id == before[f"{name}_id"]:
            continue
        if f"{name}_basis" not in fields:
            setattr(camera, f"{name}_basis", basis if new_id else "")
        if "claim_evidence" not in fields:
            evidence.pop(name, None)
    if "claim_evidence" not in fields:
        camera.claim_evidence = evidence


def _save_claims(camera: Camera, claims: dict[str, Claim]) -> None:
    ids = capability_ids(claims)
    CameraCapability.objects.filter(camera=camera).exclude(capability_id__in=ids.values()).delete()
    for code, claim in claims.items():
        CameraCapability.objects.update_or_create(
            camera=camera,
            capability_id=ids[code],
            defaults={"basis": claim.basis, "evidence": list(claim.evidence)},
        )


def check_fields(fields: dict) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not camera fields: {', '.join(sorted(unknown))}")


def _with_point(fields: dict) -> dict:
    """The fields, a (lon, lat) location turned into a Point."""
    if isinstance(fields.get("location"), tuple | list):
        return {**fields, "location": Point(*fields["location"], srid=4326)}
    return fields


def capability_ids(codes: Iterable[str]) -> dict[str, int]:
    """Map capability codes to ids; an unknown code is a validation error."""
    codes = set(codes)
    found = dict(Capability.objects.filter(code__in=codes).values_list("code", "id"))
    missing = codes - set(found)
    if missing:
        raise ValidationError({"capabilities": f"unknown capability: {', '.join(sorted(missing))}"})
    return found


def _locate(cameras: Sequence[Camera]) -> None:
    """What derives from the location: country and nearest place (offline gazetteer), and
    the spatial key the table is ordered by."""
    places = nearest_places([(c.location.x, c.location.y) for c in cameras])
    for camera, place in zip(cameras, places, strict=True):
        camera.country, camera.place = place.country, place.name
        camera.spatial_key = spatial_key(camera.location.x, camera.location.y)


def codes_text(capabilities: Iterable[str]) -> str:
    """The camera's `capability_codes`: its codes, sorted, comma-separated."""
    return ",".join(sorted(set(capabilities)))


def _validated(camera: Camera, exclude: Iterable[str] = ()) -> Camera:
    # Database constraints are enforced by the database itself; skipping their Python twin
    # avoids one query per constraint per camera on bulk imports.
    camera.full_clean(exclude=exclude, validate_constraints=False)
    return camera


@transaction.atomic
def camera_create(
    *,
    fields: dict,
    capabilities: Capabilities = (),
    basis: str = Basis.REPORTED,
    actor=None,
    actor_label="",
    reason="",
) -> Camera:
    """Create a camera and its first revision; its claims take `basis` unless stated."""
    check_fields(fields)
    fields = _with_point(fields)
    camera = Camera(**fields)
    _set_link_bases(camera, dict.fromkeys(f"{n}_id" for n in LINKS), fields, basis)
    camera = _validated(camera)
    _locate([camera])
    claims = _resolve_claims(capabilities, {}, basis)
    camera.capability_codes = codes_text(claims)
    camera.save()
    _save_claims(camera, claims)
    Revision.objects.create(
        camera=camera,
        action=Revision.Action.CREATE,
        after=camera_state(camera, claims),
        actor=actor,
        actor_label=actor_label,
        reason=reason,
    )
    return camera


@transaction.atomic
def camera_update(
    *,
    camera: Camera,
    fields: dict,
    capabilities: Capabilities | None = None,
    basis: str = Basis.REPORTED,
    actor=None,
    actor_label="",
    reason="",
    action: str = Revision.Action.UPDATE,
) -> Revision | None:
    """Apply changes; write a revision only when something changed. Returns it, or None.

    Claims the call adds (a capability, a changed link) take `basis` unless stated; those
    already there keep theirs.
    """
    check_fields(fields)
    fields = _with_point(fields)
    camera = Camera.objects.select_for_update().get(pk=camera.pk)
    current = current_claims(camera)
    before = camera_state(camera, current)
    for name, value in fields.items():
        setattr(camera, name, value)
    _set_link_bases(camera, before, fields, basis)
    _validated(camera)
    claims = current if capabilities is None else _resolve_claims(capabilities, current, basis)
    after = camera_state(camera, claims)
    if after == before:
        return None
    if after["location"] != before["location"]:
        _locate([camera])
    camera.capability_codes = codes_text(claims)
    camera.save()
    if claims != current:
        _save_claims(camera, claims)
    return Revision.objects.create(
        camera=camera,
        action=action,
        before=before,
        after=after,
        actor=actor,
        actor_label=actor_label,
        reason=reason,
    )


def camera_retire(*, camera: Camera, actor=None, actor_label="", reason="") -> Revision | None:
    """Mark a camera removed; it stays in the database and in history (deletes are soft)."""
    return camera_update(
        camera=camera,
        fields={"status": Status.REMOVED},
        actor=actor,
        actor_label=actor_label,
        reason=reason,
        action=Revision.Action.RETIRE,
    )


def camera_revert(
    *, camera: Camera, revision: Revision, actor=None, actor_label="", reason=""
) -> Revision | None:
    """Give the camera its state right after `revision`, written as a new "revert" revision.

    History is never rewritten: the revisions in between stay. Returns None when the camera
    already has that state.
    """
    if revision.camera_id != camera.pk:
        raise ValidationError({"revision": f"revision {revision.pk} is not of camera {camera.pk}"})
    state = dict(revision.after)
    capabilities = claims_of_state(state)
    lon, lat = state.pop("location")
    fields = {name: state[name] for name in STATE_FIELDS if name in state}
    fields["location"] = Point(lon, lat, srid=4326)
    return camera_update(
        camera=camera,
        fields=fields,
        capabilities=capabilities,
        actor=actor,
        actor_label=actor_label,
        reason=reason or f"Revert to revision {revision.pk}",
        action=Revision.Action.REVERT,
    )
