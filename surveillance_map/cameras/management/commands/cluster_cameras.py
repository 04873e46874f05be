"""Rewrite the cameras table in spatial-key order (PostgreSQL CLUSTER), then ANALYZE it.

A city's cameras then sit on a few pages, so a tile or a bbox page reads a few pages instead of
one per camera. New and moved cameras are appended wherever there is room, so the order decays
with writes: run this after a large import and from time to time (weekly, say). CLUSTER locks
the table for reading and writing while it runs (10 s to a minute per million cameras here,
with the load), so run it when the site is quiet. Exports walk the table in the same order, so
they read it page after page too. Elsewhere than PostGIS it does nothing.
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from surveillance_map.cameras.models import SPATIAL_INDEX, Camera
from surveillance_map.lib.db import is_postgis


class Command(BaseCommand):
    help = "Order the cameras table by its spatial key (CLUSTER), for map tiles and bbox pages."

    def handle(self, *args, **options):
        if not is_postgis():
            self.stdout.write("Only PostGIS tables are clustered; nothing to do.")
            return
        table = Camera._meta.db_table
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute(f"CLUSTER {table} USING {SPATIAL_INDEX}")
            cursor.execute(f"ANALYZE {table}")
        seconds = time.perf_counter() - started
        self.stdout.write(f"Clustered {table} on its spatial key in {seconds:.1f} s.")
