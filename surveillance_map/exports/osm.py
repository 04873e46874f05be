"""OSM XML export that opens in JOSM and reads back through `import_cameras`.

Cameras imported from OpenStreetMap keep their node id, and cameras that came from one node
(several directions) become that one node again; other cameras get negative ids, which JOSM
treats as new objects. We do not track OSM versions, so positive ids carry version="1" (JOSM
insists on a version) and the file is marked upload="never": it is for viewing and conflation,
not for uploading over the live map. Removed cameras are left out: in OSM a camera that is gone
is no longer mapped (our other formats keep them, with their status).
"""

import itertools
import re
from collections.abc import Iterator
from xml.sax.saxutils import quoteattr

from django.db.models import F, QuerySet

from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.vocabularies import Status
from surveillance_map.exports import records
from surveillance_map.exports.tags import node_tags

HEADER = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<osm version="0.6" generator="Surveillance Map" upload="never">\n'
)
FOOTER = "</osm>\n"
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _attr(value) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", str(value)))


def osm_node(cameras: list[Camera]) -> str:
    first = cameras[0]
    if first.osm_id is not None:
        head = f'<node id="{first.osm_id}" version="1"'
    else:
        head = f'<node id="-{first.pk}"'
    lines = [f'{head} lat="{first.location.y:.7f}" lon="{first.location.x:.7f}">']
    lines += [f"<tag k={_attr(k)} v={_attr(v)}/>" for k, v in sorted(node_tags(cameras).items())]
    return "  " + "\n  ".join(lines) + "\n  </node>\n"


def _nodes(queryset: QuerySet[Camera]) -> Iterator[list[Camera]]:
    # Cameras of one OSM node are adjacent in this order; the others are nodes of their own.
    standing = queryset.exclude(status=Status.REMOVED)
    ordered = standing.order_by(F("osm_id").asc(nulls_last=True), "id")
    for osm_id, group in itertools.groupby(records.iterate(ordered), key=lambda c: c.osm_id):
        if osm_id is None:
            yield from ([camera] for camera in group)
        else:
            yield list(group)


def stream_osm(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    yield HEADER.encode()
    for cameras in _nodes(queryset):
        yield osm_node(cameras).encode()
    yield FOOTER.encode()
