"""Camera filters with `area=<slug>` resolved: the area's boundary replaces its slug.

`cameras.filters` knows nothing of areas; it filters by a geometry. Every caller that takes
filters from a request or a command line (API, map, exports) parses them here.
"""

from collections.abc import Mapping

from surveillance_map.areas.models import Area
from surveillance_map.cameras.filters import FilterError, parse_camera_filters


def with_area_boundary(filters: dict) -> dict:
    """`filters` with the area slug replaced by its boundary; FilterError for an unknown slug."""
    slug = filters.get("area")
    if slug is None:
        return filters
    boundary = Area.objects.filter(slug=slug).values_list("geometry", flat=True).first()
    if boundary is None:
        raise FilterError("area", f"no area with slug {slug!r}")
    return {**filters, "area": boundary}


def parse_filters(params: Mapping[str, str]) -> dict:
    """Keyword arguments for `apply_camera_filters` from query parameters or options."""
    return with_area_boundary(parse_camera_filters(params))
