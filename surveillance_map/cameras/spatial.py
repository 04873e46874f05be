"""A camera's spatial key: the Z-order (Morton) code of its location, a bigint.

Cameras close on the ground mostly get close keys, so the table kept in key order (CLUSTER,
see `cluster_cameras`) stores a city's cameras on few pages; bbox pages of the API follow the
key. sql/spatial_key.sql is the same function for SQL loaders; tests hold the two equal.

A box's cameras all lie between the keys of its south-west and north-east corners, but that
one range is no help: at Z-order's jumps it holds twelve times the box's cameras (measured at
5M). `key_ranges` cuts the box into a few ranges that hold little more than the box, so a page
of a box reads the key index in order and stops at the page (api/pagination.py).
"""

BITS = 31  # per axis: 62 bits in all, a positive bigint; 360° / 2^31 is about 2 cm
_TOP = (1 << BITS) - 1
# Spreading a 31-bit number's bits to the even positions of a 62-bit one.
_SPREAD = (
    (16, 0x0000FFFF0000FFFF),
    (8, 0x00FF00FF00FF00FF),
    (4, 0x0F0F0F0F0F0F0F0F),
    (2, 0x3333333333333333),
    (1, 0x5555555555555555),
)


def _quantised(value: float, offset: float, span: float) -> int:
    # The same float operations, in the same order, as sql/spatial_key.sql.
    return max(0, min(int((value + offset) / span * float(1 << BITS)), _TOP))


def _spread(value: int) -> int:
    for shift, mask in _SPREAD:
        value = (value | (value << shift)) & mask
    return value


def _cell_key(x: int, y: int) -> int:
    return _spread(x) | (_spread(y) << 1)


def spatial_key(lon: float, lat: float) -> int:
    """The Z-order code of a WGS84 point (longitude bits even, latitude bits odd)."""
    return _cell_key(_quantised(lon, 180.0, 360.0), _quantised(lat, 90.0, 180.0))


def key_ranges(
    west: float, south: float, east: float, north: float, *, max_cells: int = 16
) -> list[tuple[int, int]]:
    """Inclusive spatial-key ranges, in key order, holding every point of the box.

    The box is covered by at most `max_cells` aligned quadtree cells of one size, the smallest
    size that needs no more; a cell's points share a key prefix, so each cell is one range, and
    ranges that touch are merged. The cover reaches at most one cell beyond each side of the box.
    """
    x0, x1 = _quantised(west, 180.0, 360.0), _quantised(east, 180.0, 360.0)
    y0, y1 = _quantised(south, 90.0, 180.0), _quantised(north, 90.0, 180.0)
    shift = 0
    while ((x1 >> shift) - (x0 >> shift) + 1) * ((y1 >> shift) - (y0 >> shift) + 1) > max_cells:
        shift += 1
    starts = sorted(
        _cell_key(cx << shift, cy << shift)
        for cx in range(x0 >> shift, (x1 >> shift) + 1)
        for cy in range(y0 >> shift, (y1 >> shift) + 1)
    )
    size = 1 << (2 * shift)
    ranges: list[list[int]] = []
    for start in starts:
        if ranges and ranges[-1][1] + 1 == start:
            ranges[-1][1] = start + size - 1
        else:
            ranges.append([start, start + size - 1])
    return [(low, high) for low, high in ranges]
