"""A box's spatial-key ranges hold every point of the box and little beyond it."""

import random

import pytest

from surveillance_map.cameras.spatial import BITS, key_ranges, spatial_key

BOXES = [
    (8.0, 47.0, 9.0, 48.0),
    (-1.0, -1.0, 1.0, 1.0),  # across the equator and the prime meridian: Z-order's biggest jump
    (-0.16, 51.49, -0.10, 51.52),
    (2.3, 48.85, 2.300001, 48.850001),
    (-180.0, -90.0, 180.0, 90.0),
    (170.0, -50.0, 180.0, -40.0),
]


def _inside(key: int, ranges: list[tuple[int, int]]) -> bool:
    return any(low <= key <= high for low, high in ranges)


@pytest.mark.parametrize("box", BOXES)
def test_every_point_of_the_box_lies_in_a_range(box):
    west, south, east, north = box
    ranges = key_ranges(*box)
    rng = random.Random(3)
    corners = [(west, south), (west, north), (east, south), (east, north)]
    points = corners + [(rng.uniform(west, east), rng.uniform(south, north)) for _ in range(2000)]
    assert all(_inside(spatial_key(lon, lat), ranges) for lon, lat in points)


@pytest.mark.parametrize("box", BOXES)
@pytest.mark.parametrize("max_cells", [1, 4, 16, 64])
def test_ranges_are_few_sorted_and_apart(box, max_cells):
    ranges = key_ranges(*box, max_cells=max_cells)
    assert 1 <= len(ranges) <= max_cells
    assert all(low <= high for low, high in ranges)
    # Sorted, and never touching: touching ranges are merged into one.
    pairs = zip(ranges, ranges[1:], strict=False)
    assert all(a_high + 1 < b_low for (_, a_high), (b_low, _) in pairs)


def test_the_ranges_reach_little_beyond_the_box():
    ranges = key_ranges(8.0, 47.0, 9.0, 48.0)
    rng = random.Random(4)
    # More than a box's width away on either axis: beyond the one-cell margin.
    far = [(rng.uniform(10.1, 30), rng.uniform(30, 60)) for _ in range(500)]
    far += [(rng.uniform(-10, 30), rng.uniform(49.1, 60)) for _ in range(500)]
    assert not any(_inside(spatial_key(lon, lat), ranges) for lon, lat in far)


@pytest.mark.parametrize("box", BOXES[:3])
def test_the_ranges_cover_a_few_times_the_box_at_most(box):
    # One key per grid point of 360/2^31 degrees of longitude by 180/2^31 of latitude.
    west, south, east, north = box
    grid_points = (east - west) / 360 * 2**BITS * (north - south) / 180 * 2**BITS
    covered = sum(high - low + 1 for low, high in key_ranges(*box))
    assert covered < 3 * grid_points
