"""Read-only representations of the public data; no logic beyond shaping fields."""

from datetime import UTC

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from surveillance_map.areas.models import Area
from surveillance_map.cameras.models import STATE_FIELDS, Camera, Capability, Revision
from surveillance_map.exports.tags import osm_tags_of
from surveillance_map.transparency.models import Evidence, Operator, Program, Vendor

# The camera's state as the API lists it: relations come as objects, maker strings and tag
# stores as `osm_tags`, only real data is public; plus where the gazetteer places it.
_NOT_LISTED = {"operator_id", "vendor_id", "program_id", "manufacturer", "brand", "model"}
_NOT_LISTED |= {"extra_tags", "original_tags", "dataset"}
CAMERA_FIELDS = (
    "id",
    *(f for f in STATE_FIELDS if f not in _NOT_LISTED),
    "country",
    "place",
    "updated_at",
)


@extend_schema_field({"type": "string", "format": "date"})
class DayField(serializers.ReadOnlyField):
    """A timestamp published as its day (UTC) only: a change may stem from an anonymous
    contribution, whose time must not be public."""

    def to_representation(self, value):
        return value.astimezone(UTC).date().isoformat()


UPDATED_AT_HELP = "Day of the last change (UTC); only the day, so no contribution can be timed."


class CapabilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Capability
        fields = ("code", "name", "description")


class OperatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Operator
        fields = ("slug", "name", "operator_type", "country", "wikidata")


class VendorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vendor
        fields = ("slug", "name", "country_of_origin", "aliases", "wikidata", "restrictions")


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = (
            "kind",
            "title",
            "publisher",
            "url",
            "published_on",
            "observed_on",
            "supports",
            "confidence",
            "note",
        )


class ProgramSerializer(serializers.ModelSerializer):
    operator = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    vendors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Program
        fields = (
            "slug",
            "name",
            "country",
            "operator",
            "vendors",
            "year_started",
            "financing",
            "claimed_camera_count",
            "description",
        )


class ProgramDetailSerializer(ProgramSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta(ProgramSerializer.Meta):
        fields = (*ProgramSerializer.Meta.fields, "evidence")


class VendorDetailSerializer(VendorSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta(VendorSerializer.Meta):
        fields = (*VendorSerializer.Meta.fields, "notes", "evidence")


class CameraFeatureSerializer(GeoFeatureModelSerializer):
    """A camera in a list: its fields, with operator, vendor and program as slugs."""

    operator = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    vendor = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    program = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    capabilities = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    updated_at = DayField(help_text=UPDATED_AT_HELP)

    class Meta:
        model = Camera
        geo_field = "location"
        fields = (*CAMERA_FIELDS, "operator", "vendor", "program", "capabilities")


SOURCES_SCHEMA = {
    "type": "array",
    "description": "Every dataset that reports this camera, with its record id there. `link`: "
    "`own` (the record made the camera), `matched` (linked by place and attributes), "
    "`confirmed` (a moderator confirmed the link).",
    "items": {
        "type": "object",
        "properties": {k: {"type": "string"} for k in ("source", "name", "licence", "ref", "link")},
    },
}


class CameraDetailSerializer(GeoFeatureModelSerializer):
    """One camera with who runs it, who made it (and where from), its program and sources."""

    operator = OperatorSerializer(read_only=True, allow_null=True)
    vendor = VendorSerializer(read_only=True, allow_null=True)
    program = ProgramSerializer(read_only=True, allow_null=True)
    capabilities = CapabilitySerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    osm_tags = serializers.SerializerMethodField()
    sources = serializers.SerializerMethodField()
    updated_at = DayField(help_text=UPDATED_AT_HELP)

    class Meta:
        model = Camera
        geo_field = "location"
        fields = (
            *CAMERA_FIELDS,
            "operator",
            "vendor",
            "program",
            "capabilities",
            "evidence",
            "osm_tags",
            "sources",
        )

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
    def get_osm_tags(self, camera: Camera) -> dict:
        return osm_tags_of(camera)

    @extend_schema_field(SOURCES_SCHEMA)
    def get_sources(self, camera: Camera) -> list[dict]:
        return [
            {
                "source": record.source.slug,
                "name": record.source.name,
                "licence": record.source.licence,
                "ref": record.ref,
                "link": record.linked or "own",
            }
            for record in camera.source_records.select_related("source").order_by("id")
        ]


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ("slug", "name", "kind", "country", "surveyed_on", "cameras_found")


class AreaDetailSerializer(GeoFeatureModelSerializer):
    class Meta:
        model = Area
        geo_field = "geometry"
        id_field = "slug"
        fields = ("slug", "name", "kind", "country", "surveyed_on", "cameras_found")


class RevisionSerializer(serializers.ModelSerializer):
    camera = serializers.PrimaryKeyRelatedField(read_only=True)
    created_at = serializers.SerializerMethodField(
        help_text="ISO time; only the day (YYYY-MM-DD) for a change that an anonymous "
        "contribution made or a moderator applied from one (they are not traceable)."
    )
    changed_fields = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Revision
        fields = ("id", "camera", "action", "created_at", "changed_fields", "before", "after")

    def get_created_at(self, revision: Revision) -> str:
        from_sightings = self.context.get("from_sightings", ())
        if revision.is_anonymous or revision.pk in from_sightings:
            return revision.created_at.astimezone(UTC).date().isoformat()
        return serializers.DateTimeField().to_representation(revision.created_at)


class ChangePageSerializer(serializers.Serializer):
    """Schema of a change feed page."""

    cursor = serializers.CharField(allow_null=True)
    next = serializers.URLField(allow_null=True)
    more = serializers.BooleanField()
    results = RevisionSerializer(many=True)
