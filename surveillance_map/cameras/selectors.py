"""Reads of cameras: plain functions that views, the API and commands share."""

from django.contrib.gis.geos import Polygon
from django.db.models import QuerySet

from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.vocabularies import Dataset


def camera_list(
    *,
    bbox: tuple[float, float, float, float] | None = None,
    status: str | None = None,
    include_synthetic: bool = False,
) -> QuerySet[Camera]:
    """Cameras, optionally within a (west, south, east, north) box, real data only by default."""
    cameras = Camera.objects.select_related("operator", "vendor", "program")
    if not include_synthetic:
        cameras = cameras.filter(dataset=Dataset.REAL)
    if bbox is not None:
        cameras = cameras.filter(location__intersects=Polygon.from_bbox(bbox))
    if status:
        cameras = cameras.filter(status=status)
    return cameras
