"""Thin read-only endpoints: parse the query, call selectors/exports, shape the answer."""

import json
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from surveillance_map.api import feed, serializers
from surveillance_map.api.features import features_json
from surveillance_map.api.pagination import BoxByKey, FeatureCursorPagination
from surveillance_map.areas.filters import parse_filters
from surveillance_map.areas.models import Area
from surveillance_map.cameras.filters import FILTER_PARAMS, FilterError
from surveillance_map.cameras.models import CameraCapability, Capability
from surveillance_map.cameras.selectors import camera_list
from surveillance_map.exports import csvfile, geojson, records
from surveillance_map.lib.db import is_postgis
from surveillance_map.lib.text import whole_number
from surveillance_map.sightings.models import ModerationAction
from surveillance_map.transparency.models import Evidence, Operator, Program, Vendor

FILTER_PARAMETERS = [
    OpenApiParameter(p.name, OpenApiTypes.STR, description=p.description) for p in FILTER_PARAMS
]


def _filters(request) -> dict:
    """The query's camera filters; a bad filter is a 400 naming it."""
    try:
        return parse_filters(request.query_params)
    except FilterError as error:
        raise ValidationError({error.param: [error.message]}) from None


def _filtered_cameras(request):
    """The public cameras the query's filters select."""
    return records.export_queryset(filters=_filters(request))


class ListSerializerMixin:
    """A lighter serializer for lists (`list_serializer_class`) than for one object."""

    list_serializer_class = None

    def get_serializer_class(self):
        if self.action == "list":
            return self.list_serializer_class
        return self.serializer_class


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMETERS))
class CameraViewSet(ListSerializerMixin, viewsets.ReadOnlyModelViewSet):
    """Cameras as GeoJSON features; the list takes the filters and pages with a cursor."""

    pagination_class = FeatureCursorPagination
    list_serializer_class = serializers.CameraFeatureSerializer
    serializer_class = serializers.CameraDetailSerializer

    def list(self, request, *args, **kwargs):
        """On PostGIS the page's features are written by the database (api/features.py)."""
        if not is_postgis():
            return super().list(request, *args, **kwargs)
        filters = _filters(request)
        bbox = filters.pop("bbox", None)
        # Plain rows, no model objects: the cursor's position is one of these two values.
        cameras = self.filtered_cameras(filters).values("id", "spatial_key")
        page = self.paginate_queryset(BoxByKey(cameras, bbox) if bbox else cameras)
        links = {
            "next": json.dumps(self.paginator.get_next_link()),
            "previous": json.dumps(self.paginator.get_previous_link()),
        }
        features = features_json([camera["id"] for camera in page], using=cameras.db)
        body = (
            f'{{"type":"FeatureCollection","next":{links["next"]},'
            f'"previous":{links["previous"]},"features":{features}}}'
        )
        return HttpResponse(body, content_type="application/json")

    def filtered_cameras(self, filters: dict):
        """The public cameras `filters` select, in spatial-key order."""
        return records.export_queryset(filters=filters)

    def get_queryset(self):
        if self.action == "list":
            return self.filtered_cameras(_filters(self.request)).prefetch_related("capabilities")
        return camera_list().prefetch_related(
            Prefetch(
                "cameracapability_set",
                queryset=CameraCapability.objects.select_related("capability").order_by(
                    "capability__code"
                ),
            ),
            "evidence",
            "program__vendors",
            "program__operator",
        )


def _stream(blocks, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(blocks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CameraGeoJSONExport(APIView):
    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses={(200, "application/geo+json"): OpenApiResponse(OpenApiTypes.OBJECT)},
        summary="All matching cameras as one GeoJSON FeatureCollection, streamed",
        description="Properties are the camera's OpenStreetMap tags plus our fields as `sm:*`.",
    )
    def get(self, request):
        cameras = _filtered_cameras(request)
        return _stream(geojson.stream_geojson(cameras), "application/geo+json", "cameras.geojson")


class CameraCSVExport(APIView):
    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)},
        summary="All matching cameras as CSV, streamed",
    )
    def get(self, request):
        cameras = _filtered_cameras(request)
        return _stream(csvfile.stream_csv(cameras), "text/csv; charset=utf-8", "cameras.csv")


class VendorViewSet(ListSerializerMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Vendor.objects.public().prefetch_related("evidence")
    lookup_field = "slug"

    list_serializer_class = serializers.VendorSerializer
    serializer_class = serializers.VendorDetailSerializer


class OperatorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Operator.objects.public()
    serializer_class = serializers.OperatorSerializer
    lookup_field = "slug"


class ProgramViewSet(ListSerializerMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Program.objects.select_related("operator").prefetch_related("vendors", "evidence")
    lookup_field = "slug"

    list_serializer_class = serializers.ProgramSerializer
    serializer_class = serializers.ProgramDetailSerializer


class EvidenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Sources behind claims: documents, registers, news reports, reviewed photos."""

    queryset = Evidence.objects.order_by("id")
    serializer_class = serializers.EvidenceSerializer


class CapabilityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Capability.objects.all()
    serializer_class = serializers.CapabilitySerializer
    lookup_field = "code"


class AreaViewSet(ListSerializerMixin, viewsets.ReadOnlyModelViewSet):
    """Areas; the list leaves the boundaries out, the detail is a GeoJSON feature."""

    lookup_field = "slug"

    def get_queryset(self):
        if self.action == "list":
            return Area.objects.defer("geometry")
        return Area.objects.all()

    list_serializer_class = serializers.AreaSerializer
    serializer_class = serializers.AreaDetailSerializer


FEED_LIMIT = 500


class ChangeFeed(APIView):
    """Revisions in a resumable order; follow `next` (or keep `cursor`) to stay in sync."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since", OpenApiTypes.DATETIME, description="Revisions written at or after."
            ),
            OpenApiParameter(
                "cursor", OpenApiTypes.STR, description="The `cursor` of the previous page."
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": FEED_LIMIT},
                description=f"Revisions per page (1–{FEED_LIMIT}).",
            ),
            OpenApiParameter(
                "camera", OpenApiTypes.STR, description="Camera id(s), comma-separated."
            ),
            *FILTER_PARAMETERS,
        ],
        responses=serializers.ChangePageSerializer,
    )
    def get(self, request):
        params = request.query_params
        cursor, since = _feed_position(params)
        limit = _feed_limit(params)
        cameras = feed_cameras(request)
        page = feed.revision_feed(cursor=cursor, since=since, limit=limit, cameras=cameras)
        next_url = None
        if page.cursor is not None:
            kept = {k: params[k] for k in FEED_FILTERS if params.get(k)}
            query = urlencode({**kept, "cursor": page.cursor, "limit": limit})
            next_url = reverse("api:changes", request=request) + "?" + query
        return Response(
            {
                "cursor": page.cursor,
                "next": next_url,
                "more": len(page.revisions) == limit,
                "results": serializers.RevisionSerializer(
                    page.revisions,
                    many=True,
                    context={"from_sightings": revisions_from_sightings(page.revisions)},
                ).data,
            }
        )


FEED_FILTERS = ("camera", *(p.name for p in FILTER_PARAMS))


def feed_cameras(request):
    """The cameras a change feed is narrowed to, or None for every camera.

    Removed cameras stay in unless `status` says otherwise: their retirement is news.
    """
    params = request.query_params
    if not any(params.get(name) for name in FEED_FILTERS):
        return None
    cameras = _filtered_cameras(request)
    if raw := params.get("camera"):
        ids = [whole_number(part.strip()) for part in raw.split(",")]
        if not ids or None in ids:
            raise ValidationError({"camera": ["expected camera ids, e.g. 12 or 12,14"]})
        cameras = cameras.filter(pk__in=ids)
    return cameras


def revisions_from_sightings(revisions) -> set[int]:
    """Ids of the revisions that applied a sighting (an anonymous contribution)."""
    return set(
        ModerationAction.objects.filter(
            revision__in=[r.pk for r in revisions], sighting__isnull=False
        ).values_list("revision_id", flat=True)
    )


def _feed_limit(params) -> int:
    limit = whole_number(params.get("limit") or str(FEED_LIMIT))
    if limit is None or not 1 <= limit <= FEED_LIMIT:
        raise ValidationError({"limit": [f"expected a whole number from 1 to {FEED_LIMIT}"]})
    return limit


def _feed_position(params) -> tuple[tuple[int, int] | None, datetime | None]:
    cursor = since = None
    if raw := params.get("cursor"):
        try:
            cursor = feed.parse_cursor(raw)
        except ValueError as error:
            raise ValidationError({"cursor": [str(error)]}) from None
    if (raw := params.get("since")) is not None:
        try:
            since = parse_datetime(raw)
        except ValueError:
            since = None
        if since is None:
            raise ValidationError({"since": ["expected an ISO 8601 time, e.g. 2026-01-31T12:00Z"]})
        since = make_aware(since) if is_naive(since) else since
    return cursor, since


@extend_schema(exclude=True)
class ApiIndex(APIView):
    """/api/v1/: what the API offers, with links to its schema and documentation."""

    ENDPOINTS = [
        ("cameras", "api:camera-list", "Cameras as GeoJSON features (filters, cursor pages)."),
        ("cameras.geojson", "api:cameras-geojson", "Every camera the filters select, GeoJSON."),
        ("cameras.csv", "api:cameras-csv", "Every camera the filters select, CSV."),
        ("changes", "api:changes", "The feed of camera revisions since a date."),
        ("vendors", "api:vendor-list", "Camera makers."),
        ("operators", "api:operator-list", "Who runs cameras."),
        ("programs", "api:program-list", "Surveillance programs."),
        ("capabilities", "api:capability-list", "What cameras can do."),
        ("areas", "api:area-list", "Areas with reports."),
        ("sightings", "api:sightings", "POST a sighting: a new camera, a confirmation, a removal."),
    ]

    def get(self, request):
        return Response(
            {
                "name": "Surveillance Map API",
                "version": "v1",
                "schema": reverse("api:schema", request=request),
                "docs": reverse("api:docs", request=request),
                "endpoints": {
                    name: {"url": reverse(url_name, request=request), "description": text}
                    for name, url_name, text in self.ENDPOINTS
                },
            }
        )
