"""Cursor pages in id order: rows inserted while a client pages are neither lost nor repeated."""

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from surveillance_map.lib.text import whole_number

BAD_CURSOR = "Not a cursor of this API: use the `next` or `previous` link of a page."


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
        if position is not None and whole_number(position) is None:  # ids are whole numbers
            raise ValidationError({self.cursor_query_param: [BAD_CURSOR]})
        return cursor


class FeatureCursorPagination(IdCursorPagination):
    """A page of cameras is itself a GeoJSON FeatureCollection, with next/previous links."""

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
