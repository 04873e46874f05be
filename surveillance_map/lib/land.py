"""Is a point on land? Natural Earth's 1:50m land polygons (public domain), as the pinned npm
package `world-atlas` ships them (TopoJSON, vendored into static/vendor/world-atlas/).

At 1:50m a coastline is drawn to within about a kilometre, so points on piers, beaches and
small islands can fall outside: callers only warn, never refuse.
"""

import functools
import json
from pathlib import Path

from django.contrib.gis.geos import LinearRing, MultiPolygon, Point, Polygon

LAND_FILE = Path(__file__).resolve().parents[2] / "static/vendor/world-atlas/land-50m.json"
ATTRIBUTION = "Natural Earth (public domain), 1:50m land, via world-atlas"


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs in degrees (quantized and delta-encoded in the file)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])  # arcs share their end points
    return points


@functools.cache
def _land():
    topology = json.loads(LAND_FILE.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    polygons = []
    for geometry in topology["objects"]["land"]["geometries"]:
        parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for part in parts:
            rings = [LinearRing(_ring(r, arcs)) for r in part if len(_ring(r, arcs)) >= 4]
            if rings:
                polygons.append(Polygon(*rings))
    return MultiPolygon(*polygons, srid=4326).prepared


def on_land(lon: float, lat: float) -> bool:
    return _land().intersects(Point(lon, lat, srid=4326))
