"""KML export for Google Earth and OsmAnd: one placemark per camera with its tags as data."""

from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from django.db.models import QuerySet

from surveillance_map.cameras.models import Camera
from surveillance_map.exports import records
from surveillance_map.exports.osm import _NOT_XML
from surveillance_map.exports.tags import osm_tags_of

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document>
<name>Surveillance cameras</name>
<description>Surveillance Map, licensed under the ODbL 1.0.</description>
"""
FOOTER = "</Document>\n</kml>\n"


def _text(value) -> str:
    return escape(_NOT_XML.sub("\ufffd", str(value)))


def _placemark(camera: Camera) -> str:
    title = camera.name or camera.get_surveillance_type_display() or "Camera"
    data = {"sm:ref": records.feature_id(camera)} | osm_tags_of(camera)
    data |= records.record_properties(camera)
    fields = "".join(
        f"<Data name={quoteattr(_NOT_XML.sub('', k))}><value>{_text(v)}</value></Data>"
        for k, v in data.items()
        if v is not None
    )
    return (
        "<Placemark>"
        f"<name>{_text(title)}</name>"
        f"<ExtendedData>{fields}</ExtendedData>"
        f"<Point><coordinates>{camera.location.x:.7f},{camera.location.y:.7f}</coordinates>"
        "</Point></Placemark>\n"
    )


def stream_kml(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    yield HEADER.encode()
    for camera in records.iterate(queryset):
        yield _placemark(camera).encode()
    yield FOOTER.encode()
