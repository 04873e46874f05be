"""Precomputed cluster cells for low-zoom tiles, and the data version that keys tile caches.

Both are maintained by database triggers created in migration 0001 (see `cells.py` for why).
"""

from django.db import models


class TileCell(models.Model):
    """Cameras of one (dataset, type, status) in one grid cell of a tile at `zoom`.

    Sums of coordinates rather than a centroid, so that adding or removing a camera is a plain
    increment; the centroid is sum / count.
    """

    pk = models.CompositePrimaryKey(
        "zoom", "cell_x", "cell_y", "dataset", "surveillance_type", "status"
    )
    zoom = models.SmallIntegerField()
    cell_x = models.IntegerField()
    cell_y = models.IntegerField()
    dataset = models.CharField(max_length=10)
    surveillance_type = models.CharField(max_length=20)
    status = models.CharField(max_length=10)
    count = models.IntegerField()
    sum_lon = models.FloatField()
    sum_lat = models.FloatField()

    def __str__(self) -> str:
        return f"z{self.zoom} {self.cell_x}/{self.cell_y} {self.surveillance_type}: {self.count}"


class TileCellPending(models.Model):
    """A change to the finest cells that an import queued, applied after it commits
    (cells.tile_cells_queued). `cell_x`/`cell_y` are on the 2^15 grid of zoom-13 cells."""

    cell_x = models.IntegerField()
    cell_y = models.IntegerField()
    dataset = models.CharField(max_length=10)
    surveillance_type = models.CharField(max_length=20)
    status = models.CharField(max_length=10)
    count = models.IntegerField()
    sum_lon = models.FloatField()
    sum_lat = models.FloatField()

    def __str__(self) -> str:
        return f"queued {self.count:+d} at {self.cell_x}/{self.cell_y} {self.surveillance_type}"


class DataVersion(models.Model):
    """Row 1 (the data version) goes up with every change to cameras or their relations; row 2
    (the page version) with every change to what camera pages show beside them (sightings,
    photos, evidence, sources). Both by triggers (cells.py, sql/page_version.sql)."""

    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"data version {self.version}"
