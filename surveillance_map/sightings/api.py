"""`POST /api/v1/sightings/`: the submit form for apps, with the very same validation.

JSON for the fields, or multipart/form-data when sending photos (repeat the `photos` part).
Errors are 400 with `{"errors": {"field": ["message", ...]}}`, naming each bad field (`detail`
for the request as a whole). JSON values must have the field's type: a number (not a string or
a boolean) for coordinates and degrees, a string for text and choices, a list of strings for
`capabilities`; `null` means "not given".
"""

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from surveillance_map.lib.api import REQUEST, BoundedJSONParser
from surveillance_map.sightings import ratelimit, selectors, services
from surveillance_map.sightings.forms import SightingForm
from surveillance_map.sightings.views.submission import too_large


def _documented_fields() -> dict:
    """The form's fields as DRF fields, for the OpenAPI schema only (the form validates)."""
    fields = {}
    for name, field in SightingForm().fields.items():
        if name == "website":
            continue
        options = {"required": False, "help_text": str(field.help_text or field.label or "")}
        if name == "photos":
            fields[name] = serializers.ListField(child=serializers.ImageField(), **options)
        elif hasattr(field, "choices") and name == "capabilities":
            fields[name] = serializers.MultipleChoiceField(choices=field.choices, **options)
        elif hasattr(field, "choices"):
            choices = [c for c in field.choices if c[0]]
            fields[name] = serializers.ChoiceField(choices=choices, **options)
        elif name in ("latitude", "longitude"):
            fields[name] = serializers.FloatField(**options)
        elif name in ("camera", "direction", "angle_of_view"):
            fields[name] = serializers.IntegerField(**options)
        else:
            fields[name] = serializers.CharField(**options)
    return fields


def _errors(form: SightingForm) -> dict:
    return {
        (REQUEST if field == "__all__" else field): [str(m) for m in messages]
        for field, messages in form.errors.items()
    }


def _json_type(field) -> str:
    """The JSON type a form field takes: integer, number, list or string."""
    if isinstance(field, forms.FloatField):  # a subclass of IntegerField: ask first
        return "number"
    if isinstance(field, forms.IntegerField):
        return "integer"
    if isinstance(field, forms.MultipleChoiceField):
        return "list"
    return "string"


_EXPECTED = {
    "integer": "Expected a whole number",
    "number": "Expected a number",
    "list": "Expected a list of strings",
    "string": "Expected a string",
}


def _has_json_type(value, kind: str) -> bool:
    if kind == "integer":
        integral = isinstance(value, float) and value.is_integer()
        return (isinstance(value, int) and not isinstance(value, bool)) or integral
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return isinstance(value, str)


def json_type_errors(data: dict, form: SightingForm) -> dict:
    """Fields whose JSON value has the wrong type (true is not 1, ["a"] is not text)."""
    errors = {}
    for name, value in data.items():
        field = form.fields.get(name)
        if field is None or value is None or isinstance(field, forms.FileField):
            continue
        kind = _json_type(field)
        if not _has_json_type(value, kind):
            errors[name] = [f"{_EXPECTED[kind]}, not {_json_name(value)}."]
    return errors


def _json_name(value) -> str:
    for kind, name in ((bool, "a boolean"), (dict, "an object"), (list, "a list")):
        if isinstance(value, kind):
            return name
    return "a number" if isinstance(value, int | float) else "a string"


class SightingCreate(APIView):
    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]
    authentication_classes = []  # anonymous by design; so no session, no CSRF

    @extend_schema(
        summary="Submit a sighting",
        description=__doc__,
        request=inline_serializer("SightingRequest", _documented_fields()),
        responses={
            201: OpenApiResponse(OpenApiTypes.OBJECT, description="token, status, receipt URL"),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="errors by field"),
            413: OpenApiResponse(description="request body too large"),
            429: OpenApiResponse(description="too many sightings from here this hour"),
        },
    )
    def post(self, request):
        if too_large(request):
            limit = settings.SIGHTING_PHOTO_MAX_BYTES // (1024 * 1024)
            return Response(
                {"errors": {"photos": [f"Request too large: photos are limited to {limit} MB."]}},
                status=413,
            )
        data = request.data
        if not hasattr(data, "keys"):
            return Response({"errors": {REQUEST: ["Send a JSON object."]}}, status=400)
        if not isinstance(data, QueryDict):  # JSON: strict types, and null as "not given"
            if errors := json_type_errors(data, SightingForm()):
                return Response({"errors": errors}, status=400)
            data = {name: value for name, value in data.items() if value is not None}
        form = SightingForm(data, request.FILES)
        unknown = sorted(set(data.keys()) - set(form.fields))
        if unknown:
            return Response({"errors": {name: ["Unknown field."] for name in unknown}}, status=400)
        if "photos" in data and not request.FILES.getlist("photos"):
            return Response(
                {"errors": {"photos": ["Send photos as files in multipart/form-data."]}},
                status=400,
            )
        if not ratelimit.allow(request):
            return Response(
                {"errors": {REQUEST: ["Too many sightings; try again in an hour."]}},
                status=429,
            )
        if not form.is_valid():
            return Response({"errors": _errors(form)}, status=400)
        sighting = services.sighting_submit(
            kind=form.cleaned_data["kind"],
            camera=form.cleaned_data["camera"],
            fields=form.sighting_fields(),
            uploads=form.cleaned_data["photos"],
        )
        receipt = request.build_absolute_uri(reverse("sightings:receipt", args=[sighting.token]))
        return Response(
            {
                "token": sighting.token,
                "kind": sighting.kind,
                "status": sighting.status,
                "receipt": receipt,
                "photos": len(form.cleaned_data["photos"]),  # received; cleaned by a job
                # Plausibility notes the moderator will see too (a likely duplicate, ...).
                "warnings": [
                    {"code": w["code"], "message": str(w["message"])}
                    for w in selectors.plausibility(sighting=sighting)
                ],
            },
            status=201,
        )
