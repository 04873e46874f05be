"""Publish a versioned snapshot of the dataset under VAR_DIR/datasets/<version>/.

Writes every export format (GeoJSON, CSV, GeoPackage, KML, OSM XML) from one consistent read,
a data dictionary and manifest.json with SHA-256 checksums, licence and source attribution.
Earlier snapshots are kept. GeoPackage needs GDAL's ogr2ogr; on any failure nothing is published.
With --if-changed, nothing is written when the newest snapshot was made from the same data
(`make run` uses it, so a fresh clone has a snapshot to download).
"""

from django.core.management.base import BaseCommand, CommandError

from surveillance_map.exports.gpkg import GdalMissing
from surveillance_map.exports.snapshots import latest_is_current, publish_snapshot


class Command(BaseCommand):
    help = "Publish a versioned dataset snapshot with every format, a manifest and a dictionary."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="Do nothing when the newest snapshot was made from the same data",
        )

    def handle(self, *args, **options):
        if options["if_changed"] and (current := latest_is_current()):
            self.stdout.write(f"Snapshot {current.version} is up to date; nothing published.")
            return

        def progress(lines: int) -> None:
            self.stderr.write(f"  … {lines:,} lines written")

        try:
            snapshot = publish_snapshot(progress=progress)
        except GdalMissing as error:
            raise CommandError(str(error)) from None
        counts = snapshot.manifest["counts"]
        self.stdout.write(
            f"Published snapshot {snapshot.version}: {counts['cameras']:,} cameras, "
            f"{len(snapshot.manifest['files'])} files in {snapshot.path}"
        )
