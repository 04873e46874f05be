"""Tiles encoded in Python, for the embedded SpatiaLite database (`make run`).

Same layers and attributes as the PostGIS tiles, aggregated on the fly: fine for the demo's
thousands of cameras, not meant for millions (that is what PostGIS is for).
"""

from collections import Counter, defaultdict

import mapbox_vector_tile
from django.contrib.gis.geos import Polygon

from surveillance_map.cameras.filters import apply_camera_filters
from surveillance_map.cameras.models import Camera
from surveillance_map.maps.grid import (
    CELLS_PER_SIDE,
    EXTENT,
    MAX_CLUSTER_ZOOM,
    cell_at,
    fine_cell,
    mercator,
    tile_lonlat_bounds_with_margin,
    tile_mercator_bounds,
)

# The tile's camera attributes (as tiles_postgis.CAMERA_ATTRIBUTES) and their fields.
CAMERA_VALUES = {
    "type": "surveillance_type",
    "camera_type": "camera_type",
    "status": "status",
    "direction": "direction",
    "direction_from": "direction_from",
    "direction_to": "direction_to",
    "angle_of_view": "angle_of_view",
    "last_verified": "last_verified",
}


def render(*, z: int, x: int, y: int, filters: dict, dataset: str) -> bytes:
    box = Polygon.from_bbox(tile_lonlat_bounds_with_margin(z, x, y))
    box.srid = 4326
    cameras = apply_camera_filters(
        Camera.objects.filter(dataset=dataset, location__intersects=box), **filters
    )
    if z > MAX_CLUSTER_ZOOM:
        layer = {"name": "cameras", "features": _camera_features(cameras)}
    else:
        layer = {"name": "clusters", "features": _cluster_features(cameras, z, x, y)}
    if not layer["features"]:
        return b""
    options = {"quantize_bounds": tile_mercator_bounds(z, x, y), "extents": EXTENT}
    return mapbox_vector_tile.encode([layer], default_options=options)


def _point(lon: float, lat: float) -> str:
    return "POINT ({} {})".format(*mercator(lon, lat))


def _camera_features(cameras) -> list[dict]:
    features = []
    for row in cameras.values("id", "location", *CAMERA_VALUES.values()):
        properties = {key: row[field] for key, field in CAMERA_VALUES.items()}
        if properties["last_verified"] is not None:
            properties["last_verified"] = properties["last_verified"].isoformat()
        features.append(
            {
                "id": row["id"],
                "geometry": _point(row["location"].x, row["location"].y),
                # Like ST_AsMVT: no attribute for a missing value.
                "properties": {k: v for k, v in properties.items() if v not in (None, "")},
            }
        )
    return features


def _cluster_features(cameras, z: int, x: int, y: int) -> list[dict]:
    first_x, first_y = x * CELLS_PER_SIDE - 1, y * CELLS_PER_SIDE - 1
    last_x, last_y = (x + 1) * CELLS_PER_SIDE, (y + 1) * CELLS_PER_SIDE
    cells = defaultdict(lambda: {"count": 0, "lon": 0.0, "lat": 0.0, "types": Counter()})
    for location, kind in cameras.values_list("location", "surveillance_type").iterator():
        cell_x, cell_y = cell_at(fine_cell(location.x, location.y), z)
        if first_x <= cell_x <= last_x and first_y <= cell_y <= last_y:
            cell = cells[cell_x, cell_y]
            cell["count"] += 1
            cell["lon"] += location.x
            cell["lat"] += location.y
            cell["types"][kind] += 1
    features = []
    for cell in cells.values():
        # Most cameras first, then the type name: the same tie-break as the SQL.
        kind = min(cell["types"].items(), key=lambda item: (-item[1], item[0]))[0]
        properties = {"count": cell["count"]}
        if kind:
            properties["type"] = kind
        lon, lat = cell["lon"] / cell["count"], cell["lat"] / cell["count"]
        features.append({"geometry": _point(lon, lat), "properties": properties})
    return features
