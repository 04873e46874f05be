"""A stored camera back to OpenStreetMap tags, for every export format.

The importer moves operator and maker names onto Operator/Vendor rows and keeps the raw tags in
`original_tags`. Here the camera dict that `osm_tags.write_tags` expects is rebuilt: what the
source said about the operator and maker is written back while the camera still points at the
operator it named; a camera a moderator linked to an operator or vendor takes that row's name.
"""

from collections.abc import Sequence

from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.osm_tags import (
    CAMERA_FIELDS,
    RESOLVED_FIELDS,
    read_tags,
    write_tags,
)
from surveillance_map.cameras.vocabularies import OperatorType

# Camera fields that write_tags reads under the same name.
DIRECT_FIELDS = tuple(f for f in CAMERA_FIELDS if f not in RESOLVED_FIELDS)
_OPERATOR_KEYS = ("operator_name", "operator_type", "operator_wikidata")


def _claimed(camera: Camera) -> dict:
    """What the source said, parsed from the raw tags that were understood on import."""
    if not camera.original_tags:
        return {}
    return read_tags(camera.original_tags).cameras[0]


def _operator_values(camera: Camera, claimed: dict) -> dict:
    operator = camera.operator
    if operator is None:
        return {}
    name = claimed.get("operator_name")
    if name is not None and name.casefold() == operator.name.casefold():
        return {key: claimed.get(key) for key in _OPERATOR_KEYS}
    return {
        "operator_name": operator.name,
        "operator_type": None
        if operator.operator_type == OperatorType.UNKNOWN
        else operator.operator_type,
        "operator_wikidata": operator.wikidata or None,
    }


def _maker_values(camera: Camera, claimed: dict) -> dict:
    vendor = camera.vendor
    if camera.manufacturer or camera.brand or vendor is None:
        return {"manufacturer_wikidata": claimed.get("manufacturer_wikidata")}
    # A vendor set without a maker name (by a moderator, say) is the camera's manufacturer.
    return {"manufacturer": vendor.name, "manufacturer_wikidata": vendor.wikidata or None}


def camera_tags(camera: Camera) -> dict:
    """The camera as the dict of `osm_tags.CAMERA_FIELDS` values that write_tags takes."""
    claimed = _claimed(camera)
    values = {field: getattr(camera, field) for field in DIRECT_FIELDS}
    values |= _operator_values(camera, claimed)
    values |= _maker_values(camera, claimed)
    return values


def osm_tags_of(camera: Camera) -> dict[str, str]:
    """The OSM tags of one camera on its own."""
    return write_tags([camera_tags(camera)], camera.extra_tags, camera.original_tags)


def node_tags(cameras: Sequence[Camera]) -> dict[str, str]:
    """Tags of one OSM node carrying `cameras` (in id order): their directions form one list."""
    first = cameras[0]
    return write_tags([camera_tags(c) for c in cameras], first.extra_tags, first.original_tags)
