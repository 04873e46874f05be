"""A moderator's word on links between sources: confirm, split, or link a possible duplicate."""

from django.db import transaction

from surveillance_map.cameras import services
from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.vocabularies import Basis
from surveillance_map.imports.importer import RecordWriter
from surveillance_map.imports.models import OSM_SOURCE, SourceRecord
from surveillance_map.imports.readers import Record
from surveillance_map.sightings import reviews
from surveillance_map.sightings.models import Review


@transaction.atomic
def record_confirm(*, record: SourceRecord, moderator) -> SourceRecord:
    record.linked = "confirmed"
    record.save(update_fields=["linked"])
    return record


@transaction.atomic
def record_split(*, record: SourceRecord, moderator) -> Camera:
    """Not the same camera: the record gets a camera of its own, built from what its source
    last said (or, without that, from the camera as it stands)."""
    record = SourceRecord.objects.select_for_update().select_related("camera").get(pk=record.pk)
    if record.camera.source_records.count() < 2:
        raise ValueError(f"{record} is the camera's only source: nothing to split")
    upstream = record.upstream or {}
    if "tags" in upstream:
        writer = RecordWriter(
            record.last_batch, add_marker=record.source.slug != OSM_SOURCE["slug"]
        )
        osm_id = int(record.ref.split("#")[0][5:]) if record.ref.startswith("node/") else None
        raw = Record(
            record.ref.split("#")[0], upstream["lon"], upstream["lat"], upstream["tags"], osm_id, ""
        )
        write = next(w for ref, _, w in writer.writes(raw)[0] if ref == record.ref)
        fields, capabilities = write.fields, write.capabilities
    else:
        state = services.camera_state(record.camera)
        capabilities = state.pop("capabilities")
        fields = {k: v for k, v in state.items() if k != "location"}
        fields["location"] = record.camera.location
    camera = services.camera_create(
        fields=fields,
        capabilities=capabilities,
        basis=Basis.TAGGED,  # what the source's record says
        actor=moderator,
        reason=f"split from camera #{record.camera_id}: {record.source.name} {record.ref}",
    )
    record.camera, record.linked = camera, ""
    record.save(update_fields=["camera", "linked"])
    return camera


@transaction.atomic
def review_link(*, review: Review, camera: Camera, moderator) -> Review:
    """A possible duplicate is the same camera: its records move to `camera`, and the camera
    they leave is retired (kept in history)."""
    if camera.pk not in review.candidates:
        raise ValueError(f"camera #{camera.pk} is not one this question is about")
    leaving = review.camera
    SourceRecord.objects.filter(camera=leaving).update(camera=camera, linked="confirmed")
    services.camera_retire(
        camera=leaving, actor=moderator, reason=f"same camera as #{camera.pk}: {review.origin}"
    )
    if leaving.osm_id and not camera.osm_id:
        services.camera_update(
            camera=camera,
            fields={"osm_id": leaving.osm_id},
            actor=moderator,
            reason=f"linked to {review.origin}",
        )
    return reviews.review_mark_linked(review=review, moderator=moderator, camera=camera)
