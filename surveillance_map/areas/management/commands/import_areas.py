"""Import area boundaries (Polygons and MultiPolygons) from a GeoJSON file.

    manage.py import_areas FILE.geojson [--name-field NAME] [--kind city|district|country]
        [--country CH]

Each feature becomes the Area whose slug is its name's (or its `slug` property's): importing
the same file again updates those areas, nothing is duplicated. Invalid geometries are repaired
(GEOS make_valid) and listed; a feature that cannot be used is rejected with its reason while
the others are imported. The command fails only when the file cannot be read at all.
"""

from django.core.management.base import BaseCommand, CommandError

from surveillance_map.areas.models import Area
from surveillance_map.areas.services import AreaFileError, import_areas


class Command(BaseCommand):
    help = "Import area boundaries from a GeoJSON file (idempotent by slug)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--name-field", default="name", help="Property holding the name.")
        parser.add_argument("--kind", choices=Area.Kind.values, default=Area.Kind.CITY)
        parser.add_argument("--country", default="", help="ISO code for features without one.")

    def handle(self, *args, **options):
        try:
            result = import_areas(
                path=options["file"],
                name_field=options["name_field"],
                kind=options["kind"],
                country=options["country"],
            )
        except AreaFileError as error:
            raise CommandError(str(error)) from None
        for slug in result.repaired:
            self.stdout.write(f"Repaired an invalid boundary: {slug}")
        for index, name, reason in result.rejected:
            self.stderr.write(f"Rejected feature {index} {name!r}: {reason}")
        self.stdout.write(
            f"{len(result.created)} areas created, {len(result.updated)} updated, "
            f"{len(result.rejected)} rejected."
        )
