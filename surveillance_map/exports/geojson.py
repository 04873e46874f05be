"""GeoJSON FeatureCollection export: properties are the camera's OSM tags plus `sm:` fields.

The feature `id` is stable (`node/<osm id>` or `camera/<id>`), so importing the file with
`import_cameras` again gives back the same cameras and tags.
"""

import json
from collections.abc import Iterator

from django.db.models import QuerySet

from surveillance_map.cameras.models import Camera
from surveillance_map.exports import postgis, records
from surveillance_map.exports.tags import osm_tags_of
from surveillance_map.lib.db import is_postgis

HEADER = b'{"type": "FeatureCollection", "features": [\n'
FOOTER = b"\n]}\n"


def feature(camera: Camera) -> dict:
    return {
        "type": "Feature",
        "id": records.feature_id(camera),
        "geometry": {"type": "Point", "coordinates": [camera.location.x, camera.location.y]},
        "properties": osm_tags_of(camera) | records.record_properties(camera),
    }


def _python_lines(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    for number, camera in enumerate(records.iterate(queryset)):
        text = json.dumps(feature(camera), ensure_ascii=False)
        yield (",\n" if number else "").encode() + text.encode()


def stream_geojson(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    """The whole FeatureCollection as a stream of byte blocks."""
    yield HEADER
    if is_postgis():
        yield from postgis.stream_geojson_lines(queryset)
    else:
        yield from _python_lines(queryset)
    yield FOOTER
