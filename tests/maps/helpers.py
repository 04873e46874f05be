"""Decode tiles for assertions, with an independent MVT decoder (mapbox-vector-tile)."""

import mapbox_vector_tile

from surveillance_map.maps.grid import EXTENT
from surveillance_map.maps.tiles import render_tile


def tile_features(z, x, y, layer, **filters) -> list[dict]:
    """Features of one layer whose point lies inside the tile (not in its buffer)."""
    body = render_tile(z=z, x=x, y=y, filters=filters)
    if not body:
        return []
    decoded = mapbox_vector_tile.decode(body, default_options={"y_coord_down": True})
    features = decoded.get(layer, {"features": []})["features"]
    return [f for f in features if all(0 <= c < EXTENT for c in f["geometry"]["coordinates"])]


def clustered_count(z, x, y, **filters) -> int:
    return sum(f["properties"]["count"] for f in tile_features(z, x, y, "clusters", **filters))


def tile_of(lon, lat, z) -> tuple[int, int]:
    """The tile holding a point (the usual slippy-map formula, written out independently)."""
    import math

    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y
