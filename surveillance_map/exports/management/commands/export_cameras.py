"""Export cameras to GeoJSON, CSV, GeoPackage, KML or OSM XML.

Takes the API's filters (--bbox W,S,E,N, --area SLUG, --vendor, --status, …) and writes real
cameras only. Progress (lines written) goes to stderr. GeoPackage needs GDAL's `ogr2ogr`
(package gdal-bin). The output file appears only once complete; a bad filter or a missing tool
is an error and leaves nothing behind.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveillance_map.areas.filters import parse_filters
from surveillance_map.cameras.filters import FILTER_PARAMS, FilterError
from surveillance_map.exports import records
from surveillance_map.exports.formats import EXTENSIONS, write_export
from surveillance_map.exports.gpkg import GdalMissing


class Command(BaseCommand):
    help = "Export cameras as geojson, csv, gpkg, kml or osm."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=list(EXTENSIONS))
        parser.add_argument("-o", "--output", required=True, metavar="FILE")
        for param in FILTER_PARAMS:
            parser.add_argument(
                "--" + param.name.replace("_", "-"), dest=param.name, help=param.description
            )

    def handle(self, *args, **options):
        try:
            filters = parse_filters({p.name: options[p.name] for p in FILTER_PARAMS})
            cameras = records.export_queryset(filters=filters)
        except FilterError as error:
            raise CommandError(f"--{error.param.replace('_', '-')}: {error.message}") from None
        path = Path(options["output"])
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a directory")
        total = cameras.count()
        started = time.monotonic()

        def progress(lines: int) -> None:
            self.stderr.write(f"  … {lines:,} lines written ({time.monotonic() - started:.0f} s)")

        self.stderr.write(f"Exporting {total:,} cameras as {options['format']} to {path}")
        try:
            write_export(options["format"], cameras, path, progress)
        except GdalMissing as error:
            raise CommandError(str(error)) from None
        took = time.monotonic() - started
        self.stdout.write(f"Wrote {total:,} cameras to {path} in {took:.1f} s")
