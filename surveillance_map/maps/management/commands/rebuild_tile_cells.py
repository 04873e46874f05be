"""Recompute the precomputed cluster cells of low-zoom map tiles from the cameras table.

Triggers keep the cells current on every write, so this is for recovery and for checking them
(e.g. after restoring a dump made without triggers). PostgreSQL/PostGIS only: on SpatiaLite the
map aggregates on the fly and the command fails with a clear message. Runs in one transaction.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from surveillance_map.maps.cells import cells_supported, rebuild_tile_cells


class Command(BaseCommand):
    help = "Rebuild the low-zoom map cluster cells from the cameras table (PostGIS only)."

    def handle(self, *args, **options):
        if not cells_supported():
            raise CommandError("Tile cells exist on PostGIS only; SpatiaLite aggregates live.")
        started = time.perf_counter()
        cells = rebuild_tile_cells()
        self.stdout.write(f"Rebuilt {cells:,} tile cells in {time.perf_counter() - started:.1f} s.")
