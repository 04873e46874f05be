"""Import camera files: OSM XML/PBF, Overpass JSON, GeoJSON or CSV.

Each file is one transaction and one import batch of the given source. Records with missing or
impossible coordinates are rejected one by one with their line/id and reason (never guessed);
they and mapping warnings go to a CSV report. Importing the same file again changes nothing.
Exits non-zero only when a file itself cannot be read.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from surveillance_map.imports.importer import import_file, write_report
from surveillance_map.imports.models import Source, osm_source
from surveillance_map.imports.readers import (
    FORMATS,
    UnreadableFile,
    detect_format,
    parse_column_map,
)


class Command(BaseCommand):
    help = "Import cameras from OSM XML/PBF, Overpass JSON, GeoJSON or CSV files."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--format", default="auto", choices=("auto", *FORMATS))
        parser.add_argument(
            "--map",
            default="",
            metavar="KEY=COL,…",
            help="Columns/properties to use, e.g. lat=Y,lon=X,name=location,ref=camera_id",
        )
        parser.add_argument(
            "--source",
            metavar="NAME",
            help="Source the records come from (default: OpenStreetMap for OSM formats, "
            "else the file name). Created on first use.",
        )
        parser.add_argument("--source-url", default="")
        parser.add_argument("--licence", default="", help="e.g. ODbL-1.0, OGL-3.0, CC0-1.0")
        parser.add_argument("--attribution", default="")
        parser.add_argument("--report", metavar="FILE", help="Where to write the rejects report")
        parser.add_argument("--dry-run", action="store_true", help="Report, but change nothing")

    def handle(self, *args, **options):
        try:
            column_map = parse_column_map(options["map"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        failed = []
        for name in options["files"]:
            try:
                self._import_one(Path(name), column_map, options)
            except UnreadableFile as error:
                self.stderr.write(self.style.ERROR(f"{name}: cannot read the file: {error}"))
                failed.append(name)
        if failed:
            raise CommandError(f"{len(failed)} file(s) could not be read: {', '.join(failed)}")

    def _import_one(self, path: Path, column_map, options) -> None:
        source = self._source(path, options)
        self.stdout.write(f"Importing {path} into source '{source.name}'…")

        def progress(count: int) -> None:
            self.stderr.write(f"  … {count:,} records read")

        result = import_file(
            path,
            source=source,
            fmt=options["format"],
            column_map=column_map,
            dry_run=options["dry_run"],
            progress=progress if options["verbosity"] >= 1 else None,
        )
        report = Path(
            options["report"]
            or settings.VAR_DIR / "import-reports" / f"{result.batch.pk}-{path.stem}.csv"
        )
        write_report(result, report)
        prefix = "DRY RUN — nothing saved. " if result.dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{path.name} ({result.file_format}): {result.records:,} records → "
                f"created {result.created:,}, updated {result.updated:,}, "
                f"unchanged {result.unchanged:,}, rejected {len(result.rejections):,}"
            )
        )
        if result.linked or result.ambiguous:
            self.stdout.write(
                f"  {result.linked:,} records linked to the camera another source has there; "
                f"{result.ambiguous:,} near several cameras: questions in the moderation queue"
            )
        if result.conflicts:
            self.stdout.write(
                f"  {result.conflicts:,} changes to fields a moderator edited: kept ours, "
                "questions in the moderation queue"
            )
        if result.skipped:
            self.stdout.write(f"  {result.skipped:,} objects skipped: not surveillance nodes")
        cameras = result.created + result.updated + result.unchanged + result.linked
        if cameras != result.records:
            self.stdout.write(
                f"  {cameras:,} cameras from {result.records:,} records "
                "(nodes with several directions carry several cameras)"
            )
        if result.rejections or result.warnings:
            for rejection in result.rejections[:5]:
                self.stdout.write(f"  rejected {rejection.where}: {rejection.reason}")
            self.stdout.write(
                f"  {len(result.rejections):,} rejected, {len(result.warnings):,} warnings; "
                f"details in {report}"
            )

    def _source(self, path: Path, options) -> Source:
        is_osm = (options["format"] in ("osm", "pbf", "overpass")) or (
            options["format"] == "auto" and options["source"] is None and _looks_osm(path)
        )
        if options["source"] is None and is_osm:
            return osm_source()
        name = options["source"] or path.stem
        source, created = Source.objects.get_or_create(
            slug=slugify(name)[:100] or "unnamed",
            defaults={
                "name": name,
                "url": options["source_url"],
                "licence": options["licence"],
                "attribution": options["attribution"],
            },
        )
        if not source.licence:
            self.stderr.write(
                self.style.WARNING(
                    f"Source '{source.name}' has no licence recorded: pass --licence (and "
                    "--attribution) so the data can be published with credit."
                )
            )
        return source


def _looks_osm(path: Path) -> bool:
    try:
        return detect_format(path) in ("osm", "pbf", "overpass")
    except UnreadableFile:
        return False
