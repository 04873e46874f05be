"""Cursor pages in id order: rows inserted while a client pages are neither lost nor repeated.

A page of a bounding box is in spatial-key order instead (cameras/spatial.py), the order the
table is clustered in (`cluster_cameras`): the box's cameras, read through the spatial index,
sit on few pages, and the page is the first of them by key after the cursor. A camera added or
moved into the box while a client pages it shows up only if its key lies past the cursor.
"""

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from surveillance_map.cameras.filters import parse_bbox
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
