"""Cluster circles never overlap, so every count stays readable: checked on the drawn map at
every cluster zoom from 3 to 12, with clumps of cameras that straddle cell borders."""

import math
import random

import pytest
from django.contrib.gis.geos import Point

from surveillance_map.cameras.models import Camera

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CENTRE = (8.54, 47.37)

# Every cluster circle drawn on the loaded tiles, in the map's pixel space at this zoom:
# (x, y, count). A circle on a tile's margin is drawn by both tiles.
CIRCLES = """() => {
  const layer = window.cameraLayer, size = layer.getTileSize().x, seen = new Map();
  for (const tile of Object.values(layer._tiles)) {
    if (!tile.loaded || tile.coords.z !== window.cameraMap.getZoom()) continue;
    for (const f of tile.el._features || []) {
      if (f.kind !== "cluster") continue;
      const x = tile.coords.x * size + f.x, y = tile.coords.y * size + f.y;
      seen.set(Math.round(x * 4) + "," + Math.round(y * 4), [x, y, f.properties.count || 1]);
    }
  }
  return [...seen.values()];
}"""


def drawn_radius(count: int) -> float:
    """The circle's radius with its white outline, as static/map/layer.js draws it."""
    return (5 if count <= 1 else min(30, 11 + 5 * math.log10(count))) + 1


@pytest.fixture
def clumps():
    """Clumps of 2–40 cameras a few metres across, at every scale around CENTRE."""
    rng = random.Random(15)
    cameras = []
    for _ in range(350):
        spread = 10 ** rng.uniform(-2.5, 0.4)
        lon = CENTRE[0] + rng.uniform(-spread, spread)
        lat = CENTRE[1] + rng.uniform(-spread, spread) / 2
        for _ in range(rng.choice((2, 3, 5, 12, 40))):
            point = Point(lon + rng.uniform(-1e-4, 1e-4), lat + rng.uniform(-1e-4, 1e-4), srid=4326)
            cameras.append(Camera(location=point, surveillance_type="camera"))
    Camera.objects.bulk_create(cameras)
    return len(cameras)


def test_cluster_circles_do_not_overlap_at_zooms_3_to_12(page, live_server, clumps, tmp_path):
    lon, lat = CENTRE
    for zoom in range(3, 13):
        page.goto(f"{live_server.url}/?z={zoom}&lat={lat}&lon={lon}")
        page.wait_for_function(
            "() => window.cameraLayer && Object.keys(window.cameraLayer._tiles).length"
            " && Object.values(window.cameraLayer._tiles).every((t) => t.loaded)"
        )
        page.screenshot(path=tmp_path / f"clusters-z{zoom}.png")
        circles = page.evaluate(CIRCLES)
        assert len(circles) >= (1 if zoom < 6 else 10), zoom
        for i, (x1, y1, n1) in enumerate(circles):
            for x2, y2, n2 in circles[i + 1 :]:
                gap = math.hypot(x1 - x2, y1 - y2) - drawn_radius(n1) - drawn_radius(n2)
                assert gap >= 0, f"z{zoom}: clusters of {n1} and {n2} overlap by {-gap:.1f} px"
