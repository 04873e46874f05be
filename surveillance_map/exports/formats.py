"""The export formats by name, each writing a whole file (used by export_cameras and snapshots)."""

from pathlib import Path

from django.db.models import QuerySet

from surveillance_map.cameras.models import Camera
from surveillance_map.exports import csvfile, geojson, gpkg, kml, osc, osm
from surveillance_map.exports.files import Progress, write_blocks

EXTENSIONS = {
    "geojson": "geojson",
    "csv": "csv",
    "gpkg": "gpkg",
    "kml": "kml",
    "osm": "osm",
    "osc": "osc",  # only the cameras OSM lacks (exports/osc.py)
}


def write_export(
    fmt: str, queryset: QuerySet[Camera], path: Path, progress: Progress = None
) -> None:
    """Write the cameras of `queryset` to `path` in format `fmt` (one of EXTENSIONS)."""
    path = Path(path)
    if fmt == "gpkg":
        gpkg.write_gpkg(queryset, path, progress)
        return
    streams = {
        "geojson": lambda: geojson.stream_geojson(queryset),
        "csv": lambda: csvfile.stream_csv(queryset),
        "kml": lambda: kml.stream_kml(queryset),
        "osm": lambda: osm.stream_osm(queryset),
        "osc": lambda: osc.stream_osc(osc.missing_from_osm(queryset)),
    }
    if fmt not in streams:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(EXTENSIONS)}")
    write_blocks(streams[fmt](), path, progress)
