"""GeoPackage export through GDAL's ogr2ogr, from the streamed GeoJSON.

GDAL's Python bindings are not installed (and not needed): the GeoJSON goes to a temporary
file next to the output and `ogr2ogr` (package gdal-bin) converts it, spatial index included.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.db.models import QuerySet

from surveillance_map.cameras.models import Camera
from surveillance_map.exports.files import Progress, write_blocks
from surveillance_map.exports.geojson import stream_geojson

LAYER = "cameras"


class GdalMissing(RuntimeError):
    pass


def write_gpkg(queryset: QuerySet[Camera], path: Path, progress: Progress = None) -> None:
    """Write `path` as a GeoPackage with one point layer `cameras`; replaces the file."""
    if shutil.which("ogr2ogr") is None:  # fail before the long GeoJSON export
        raise GdalMissing("ogr2ogr not found: install GDAL's command-line tools (gdal-bin)")
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        source = Path(tmp) / "cameras.geojson"
        write_blocks(stream_geojson(queryset), source, progress)
        geojson_to_gpkg(source, path)


def geojson_to_gpkg(source: Path, path: Path) -> None:
    """Convert one of our GeoJSON exports; `path` appears only when complete."""
    ogr2ogr = shutil.which("ogr2ogr")
    if ogr2ogr is None:
        raise GdalMissing("ogr2ogr not found: install GDAL's command-line tools (gdal-bin)")
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        target = Path(tmp) / "cameras.gpkg"
        command = [ogr2ogr, "-f", "GPKG", "-nln", LAYER, "-a_srs", "EPSG:4326", target, source]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"ogr2ogr failed: {result.stderr.strip()}")
        target.replace(path)
