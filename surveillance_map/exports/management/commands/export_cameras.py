"""Export cameras to GeoJSON, CSV, GeoPackage, KML, OSM XML, or osmChange (`osc`: the
cameras OpenStreetMap lacks, as new nodes to review and upload with JOSM; `--since DATE` keeps
those added on or after that day).

Takes the API's filters (--bbox W,S,E,N, --area SLUG, --vendor, --status, …) and writes real
cameras only. Progress (lines written) goes to stderr. GeoPackage needs GDAL's `ogr2ogr`
(package gdal-bin). The output file appears only once complete; a bad filter or a missing tool
is an error and leaves nothing behind.
"""

import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveillance_map.areas.filters import parse_filters
from surveillance_map.cameras.filters import FILTER_PARAMS, FilterError
from surveillance_map.exports import osc, records
from surveillance_map.exports.formats import EXTENSIONS, write_export
from surveillance_map.exports.gpkg import GdalMissing


class Command(BaseCommand):
    help = "Export cameras as geojson, csv, gpkg, kml, osm or osc."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=list(EXTENSIONS))
        parser.add_argument("-o", "--output", required=True, metavar="FILE")
        parser.add_argument(
            "--since", metavar="YYYY-MM-DD", help="osc: cameras added on or after this day"
        )
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
        if options["since"]:
            if options["format"] != "osc":
                raise CommandError("--since applies to --format osc only")
            try:
                since = date.fromisoformat(options["since"])
            except ValueError:
                raise CommandError(
                    f"--since: {options['since']!r} is not a YYYY-MM-DD date"
                ) from None
            cameras = osc.missing_from_osm(cameras, since)
        elif options["format"] == "osc":
            cameras = osc.missing_from_osm(cameras)
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
