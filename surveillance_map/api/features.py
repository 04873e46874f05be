"""A page of cameras as GeoJSON features, written by PostGIS: the list endpoint's hot path.

The features are the ones CameraFeatureSerializer writes (tests/api/test_features_sql.py
compares them), built by one query instead of model objects, a capabilities prefetch and a
GEOS geometry per camera, which cost most of the API's CPU on bbox pages.
"""

from django.db import connections

from surveillance_map.api.serializers import CAMERA_FIELDS
from surveillance_map.lib.db import bigint_array
from surveillance_map.lib.sql import read_sql

# Properties that are not a column of the camera under their own name.
_SPECIAL = {
    "updated_at": "(c.updated_at AT TIME ZONE 'UTC')::date",  # the day only (DayField)
    "operator": "op.slug",
    "vendor": "v.slug",
    "program": "p.slug",
    # The codes stored on the row (sorted, comma-separated), not a sub-query of the links.
    "capabilities": "COALESCE(to_json(string_to_array(NULLIF(c.capability_codes, ''), ',')), '[]')",
}
_PROPERTIES = [f for f in CAMERA_FIELDS if f != "id"] + [
    "operator",
    "vendor",
    "program",
    "capabilities",
]
_SQL = read_sql(__file__, "camera_features.sql").format(
    properties=", ".join(f"'{name}', {_SPECIAL.get(name, f'c.{name}')}" for name in _PROPERTIES)
)


def features_json(ids: list[int], *, using: str = "default") -> str:
    """The cameras `ids` as a JSON array of features (text), in the order of `ids`."""
    with connections[using].cursor() as cursor:
        cursor.execute(_SQL, [bigint_array(ids)])
        return cursor.fetchone()[0]
