"""An osmChange file of the cameras OpenStreetMap does not have yet, to upload with JOSM.

Each camera becomes a new node (negative id: JOSM's and the API's mark of an object to create)
with our tags. Left out: removed and synthetic cameras, cameras with an OSM node, and cameras a
source reported under a licence that OSM cannot take (only our contributors' own cameras and
those of public-domain sources go back). Review the file in JOSM before uploading; when a later
`sync_osm` brings the uploaded node back, it links to the camera (imports/linking.py) instead of
making a second one.
"""

from collections.abc import Iterator
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.vocabularies import Status
from surveillance_map.exports import records
from surveillance_map.exports.osm import osm_node
from surveillance_map.imports.models import SourceRecord

# Licences whose data OSM accepts without further permission.
OSM_COMPATIBLE_LICENCES = ("CC0-1.0", "PDDL-1.0", "public domain")
HEADER = "<?xml version='1.0' encoding='UTF-8'?>\n"
HEADER += '<osmChange version="0.6" generator="Surveillance Map">\n<create>\n'
FOOTER = "</create>\n</osmChange>\n"


def missing_from_osm(queryset: QuerySet[Camera], since: date | None = None) -> QuerySet[Camera]:
    """The standing cameras of `queryset` that OSM lacks and may take."""
    restricted = SourceRecord.objects.filter(camera=OuterRef("pk")).exclude(
        source__licence__in=OSM_COMPATIBLE_LICENCES
    )
    cameras = queryset.filter(osm_id__isnull=True, status=Status.ACTIVE).exclude(Exists(restricted))
    if since is not None:
        cameras = cameras.filter(created_at__date__gte=since)
    return cameras


def stream_osc(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    yield HEADER.encode()
    for camera in records.iterate(queryset.order_by("id")):
        yield osm_node([camera]).encode()
    yield FOOTER.encode()
