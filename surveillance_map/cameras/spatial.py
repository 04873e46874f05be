"""A camera's spatial key: the Z-order (Morton) code of its location, a bigint.

Cameras close on the ground mostly get close keys, so the table kept in key order (CLUSTER,
see `cluster_cameras`) stores a city's cameras on few pages; bbox pages of the API follow the
key. sql/spatial_key.sql is the same function for SQL loaders; tests hold the two equal.

A box's cameras all lie between the keys of its south-west and north-east corners, but that
range is no help to the planner: at Z-order's jumps it holds twelve times the box's cameras
(measured at 5M), and PostgreSQL reads the box faster through the spatial index.
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


def spatial_key(lon: float, lat: float) -> int:
    """The Z-order code of a WGS84 point (longitude bits even, latitude bits odd)."""
    return _spread(_quantised(lon, 180.0, 360.0)) | (_spread(_quantised(lat, 90.0, 180.0)) << 1)
