"""Decode tiles for assertions, with an independent MVT decoder (mapbox-vector-tile); compare
the precomputed tile cells with a rebuild."""

import math

import mapbox_vector_tile

from surveillance_map.maps.cells import rebuild_tile_cells
from surveillance_map.maps.grid import EXTENT
from surveillance_map.maps.models import TileCell
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
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def cells() -> dict:
    """Every tile cell: key -> (count, sum of longitudes, sum of latitudes)."""
    return {
        (c.zoom, c.cell_x, c.cell_y, c.dataset, c.surveillance_type, c.status): (
            c.count,
            c.sum_lon,
            c.sum_lat,
        )
        for c in TileCell.objects.all()
    }


def assert_matches_rebuild():
    """The cells as kept up to date equal a rebuild from the cameras: the same cells and counts,
    sums equal but for the rounding of another order of addition."""
    incremental = cells()
    rebuild_tile_cells()
    rebuilt = cells()
    assert incremental.keys() == rebuilt.keys()
    assert {k: v[0] for k, v in incremental.items()} == {k: v[0] for k, v in rebuilt.items()}
    for key, (_, lon, lat) in incremental.items():
        assert math.isclose(lon, rebuilt[key][1], abs_tol=1e-6), key
        assert math.isclose(lat, rebuilt[key][2], abs_tol=1e-6), key
