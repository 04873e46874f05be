"""What a round trip must keep, per camera, keyed by the id the camera travels under."""

from surveillance_map.cameras.models import Camera, Revision
from surveillance_map.exports import records
from surveillance_map.exports.tags import camera_tags, osm_tags_of
from surveillance_map.imports.models import ImportBatch, Source, SourceRecord
from surveillance_map.sightings.models import Review
from surveillance_map.transparency.models import Operator, Vendor


def state(camera: Camera) -> dict:
    return {
        "lonlat": (round(camera.location.x, 7), round(camera.location.y, 7)),
        "fields": camera_tags(camera),
        "tags": osm_tags_of(camera),
        "extra_tags": camera.extra_tags,
        "osm_id": camera.osm_id,
    }


def states_by_feature_id() -> dict[str, dict]:
    return {records.feature_id(c): state(c) for c in records.iterate(Camera.objects.all())}


def states_by_ref(source: Source) -> dict[str, dict]:
    refs = SourceRecord.objects.filter(source=source).select_related("camera")
    return {r.ref: state(r.camera) for r in refs}


def empty_the_database() -> None:
    """As a fresh clone's database: no cameras, sources, operators or vendors."""
    Review.objects.all().delete()
    SourceRecord.objects.all().delete()
    ImportBatch.objects.all().delete()
    Source.objects.all().delete()
    Revision.objects.all().delete()
    Camera.objects.all().delete()
    Operator.objects.all().delete()
    Vendor.objects.all().delete()
