"""Report maps: the embedded map fitted to a set of cameras or an area."""

import math
from urllib.parse import urlencode

from django.contrib.gis.db.models import Extent
from django.urls import reverse

EMBED_WIDTH_PX = 600


def map_view(extent: tuple[float, float, float, float]) -> dict:
    """Centre and zoom that fit (west, south, east, north) in an embed EMBED_WIDTH_PX wide."""
    west, south, east, north = extent
    span = max(east - west, (north - south) * 1.5, 1e-6)
    zoom = int(math.floor(math.log2(360 * EMBED_WIDTH_PX / 256 / span)))
    return {
        "lat": f"{(south + north) / 2:.5f}",
        "lon": f"{(west + east) / 2:.5f}",
        "z": max(2, min(zoom, 16)),
    }


def embed_url(cameras, **filters) -> str:
    """The embedded map showing these cameras (fitted to them), or "" when there are none."""
    box = cameras.aggregate(box=Extent("location"))["box"]
    if box is None:
        return ""
    return reverse("maps:embed") + "?" + urlencode({**map_view(box), **filters})
