"""Cursor pages in id order: rows inserted while a client pages are neither lost nor repeated.

A page of a bounding box is in spatial-key order instead (cameras/spatial.py), the order the
table is clustered in (`cluster_cameras`), read by `BoxByKey`: the box's few key ranges, each
read through the key index in order and stopped at the page, so a page costs about the same
for a street as for a continent. A camera added or moved into the box while a client pages
it shows up only if its key lies past the cursor.
"""

from django.contrib.gis.db.models import GeometryField
from django.db import connections
from django.db.models import BooleanField, Func, QuerySet, Value
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from surveillance_map.cameras.filters import Bbox, parse_bbox
from surveillance_map.cameras.spatial import key_ranges
from surveillance_map.lib.db import bigint_array
from surveillance_map.lib.text import whole_number

BAD_CURSOR = "Not a cursor of this API: use the `next` or `previous` link of a page."


def _is_bigint(text) -> bool:
    """Plain ASCII digits of a non-negative bigint (a spatial key has 19 of them)."""
    if whole_number(text) is not None:
        return True
    return isinstance(text, str) and len(text) == 19 and text.isdigit() and int(text) < 2**63


class IdCursorPagination(CursorPagination):
    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request):
        """`page_size` from 1 up (more than max_page_size gives max_page_size); else a 400."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        number = whole_number(raw)
        if number is None or number < 1:
            raise ValidationError({self.page_size_query_param: ["Expected a whole number ≥ 1."]})
        return min(number, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters

    def decode_cursor(self, request):
        """The cursor, or a 400 naming `cursor` (DRF answers 404, or 500 on a forged position)."""
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: [BAD_CURSOR]}) from None
        position = cursor.position if cursor is not None else None
        if position is not None and not _is_bigint(position):  # ids and keys are bigints
            raise ValidationError({self.cursor_query_param: [BAD_CURSOR]})
        return cursor


def _bbox(request) -> tuple[float, float, float, float] | None:
    try:
        return parse_bbox(request.query_params["bbox"])
    except (KeyError, ValueError):  # no box, or a bad one (the filters answer it with a 400)
        return None


class FeatureCursorPagination(IdCursorPagination):
    """A page of cameras is itself a GeoJSON FeatureCollection, with next/previous links; the
    pages of a bounding box follow the spatial key."""

    def get_ordering(self, request, queryset, view):
        return ("spatial_key", "id") if _bbox(request) else ("id",)

    def get_paginated_response(self, data):
        return Response(
            {
                "type": "FeatureCollection",
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "features": data["features"],
            }
        )

    def get_paginated_response_schema(self, schema):
        # `schema` is the FeatureCollection of the page's features; add the links.
        links = {
            "type": "object",
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
            },
        }
        return {"allOf": [schema, links]}


class _ExactlyIntersects(Func):
    """PostGIS's exact test without the spatial index behind `ST_Intersects`: inside a key
    range most cameras are in the box, and with the spatial index in view the planner reads the
    whole box through it, then sorts, instead of reading the key index in order."""

    function = "_ST_Intersects"
    output_field = BooleanField()


class BoxByKey:
    """The cameras of a box (a `values()` queryset), read range by spatial-key range.

    Stands in for a QuerySet where CursorPagination uses one: `order_by`, `filter` (the
    cursor's position) and slicing. A slice is one statement: each range's first rows in that
    order (a LATERAL join over the ranges), ordered again and sliced; the ranges a position
    has passed are dropped.
    """

    def __init__(self, cameras: QuerySet, bbox: Bbox, *, ranges=None, ordering=()) -> None:
        self.cameras, self.bbox, self.ordering = cameras, bbox, ordering
        self.ranges = key_ranges(*bbox) if ranges is None else ranges

    def order_by(self, *ordering) -> "BoxByKey":
        return BoxByKey(self.cameras, self.bbox, ranges=self.ranges, ordering=ordering)

    def filter(self, **position) -> "BoxByKey":
        """Past the cursor's position: `spatial_key__gt`, or `spatial_key__lt` going back."""
        ((lookup, key),) = position.items()
        key = int(key)
        if lookup.endswith("__lt"):
            ranges = [(low, high) for low, high in self.ranges if low < key]
        else:
            ranges = [(low, high) for low, high in self.ranges if high > key]
        cameras = self.cameras.filter(**position)
        return BoxByKey(cameras, self.bbox, ranges=ranges, ordering=self.ordering)

    def __getitem__(self, page: slice) -> list[dict]:
        if not self.ranges:
            return []
        # Four numbers, not a geometry: adapting a GEOS polygon costs more than the query plan.
        box = Func(
            *(Value(float(edge)) for edge in self.bbox),
            Value(4326),
            function="ST_MakeEnvelope",
            output_field=GeometryField(srid=4326),
        )
        in_box = self.cameras.filter(_ExactlyIntersects("location", box)).order_by()
        sql, params = in_box.query.sql_with_params()
        order = ", ".join(
            f"{name.lstrip('-')} {'DESC' if name.startswith('-') else 'ASC'}"
            for name in self.ordering
        )
        lows, highs = zip(*self.ranges, strict=True)
        # Each range is read through the key index in order, up to the end of the page.
        query = (
            "SELECT page.id, page.spatial_key"
            " FROM unnest(%s::bigint[], %s::bigint[]) AS r (low, high)"
            f" CROSS JOIN LATERAL (SELECT * FROM ({sql}) AS c"
            f" WHERE c.spatial_key BETWEEN r.low AND r.high ORDER BY {order} LIMIT %s) AS page"
            f" ORDER BY {order} LIMIT %s OFFSET %s"
        )
        start = page.start or 0
        arguments = [bigint_array(lows), bigint_array(highs), *params]
        arguments += [page.stop, page.stop - start, start]
        with connections[self.cameras.db].cursor() as cursor:
            cursor.execute(query, arguments)
            return [{"id": pk, "spatial_key": key} for pk, key in cursor.fetchall()]
