"""Read-only representations of the public data; no logic beyond shaping fields."""

from datetime import UTC

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from surveillance_map.areas.models import Area
from surveillance_map.cameras.models import (
    STATE_FIELDS,
    Camera,
    CameraCapability,
    Capability,
    Revision,
)
from surveillance_map.cameras.vocabularies import LINKS, Basis
from surveillance_map.exports.tags import osm_tags_of
from surveillance_map.reports.rows import data_quality, subject_cameras
from surveillance_map.sightings.selectors import community_verification
from surveillance_map.transparency.models import Evidence, Operator, Program, Vendor

# The camera's state as the API lists it: relations come as objects, maker strings and tag
# stores as `osm_tags`, only real data is public; plus where the gazetteer places it.
_NOT_LISTED = {"operator_id", "vendor_id", "program_id", "manufacturer", "brand", "model"}
_NOT_LISTED |= {"extra_tags", "original_tags", "dataset", "claim_evidence"}
_LINK_BASES = {f"{name}_basis" for name in LINKS}
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
    document = serializers.SerializerMethodField(
        help_text="Path of the uploaded document (check it against sha256), or null."
    )

    @extend_schema_field({"type": "string", "nullable": True})
    def get_document(self, evidence: Evidence) -> str | None:
        if not evidence.file:
            return None
        return reverse("reports:evidence-document", args=(evidence.pk,))

    class Meta:
        model = Evidence
        fields = (
            "id",
            "kind",
            "title",
            "publisher",
            "url",
            "published_on",
            "observed_on",
            "supports",
            "confidence",
            "note",
            "sha256",
            "document",
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


QUALITY_SCHEMA = {
    "type": "object",
    "description": "How far the figures can be trusted, over the cameras in place: how many "
    "there are, the share confirmed since `confirmed_since` (two years), with a known operator "
    "and vendor, and every claim (capability, operator, vendor, program) by its basis.",
    "properties": {
        "cameras": {"type": "integer"},
        "confirmed_since": {"type": "string", "format": "date"},
        "confirmed": {"type": "integer"},
        "confirmed_share": {"type": "number", "nullable": True},
        "operator_known": {"type": "integer"},
        "operator_known_share": {"type": "number", "nullable": True},
        "vendor_known": {"type": "integer"},
        "vendor_known_share": {"type": "number", "nullable": True},
        "claims_by_basis": {"type": "object", "additionalProperties": {"type": "integer"}},
    },
}
QUALITY_KEYS = tuple(QUALITY_SCHEMA["properties"])


class QualityMixin(serializers.Serializer):
    data_quality = serializers.SerializerMethodField()

    @extend_schema_field(QUALITY_SCHEMA)
    def get_data_quality(self, subject) -> dict:
        quality = data_quality(subject_cameras(subject), today=timezone.localdate())
        return {key: quality[key] for key in QUALITY_KEYS}


class ProgramDetailSerializer(ProgramSerializer, QualityMixin):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta(ProgramSerializer.Meta):
        fields = (*ProgramSerializer.Meta.fields, "evidence", "data_quality")


class VendorDetailSerializer(VendorSerializer, QualityMixin):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta(VendorSerializer.Meta):
        fields = (*VendorSerializer.Meta.fields, "notes", "evidence", "data_quality")


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


BASIS_HELP = (
    "What the claim rests on: documented (an Evidence record), tagged (an imported source's "
    "tags), inferred (an attribution of many cameras, with its evidence) or reported (a "
    "sighting said so; nobody has checked it)."
)


SOURCES_SCHEMA = {
    "type": "array",
    "description": "Every dataset that reports this camera (what `tagged` claims rest on), with "
    "its licence and its record id there; empty for a camera added here (ODbL). `link`: `own` "
    "(the record made the camera), `matched` (linked by place and attributes), `confirmed` (a "
    "moderator confirmed the link).",
    "items": {
        "type": "object",
        "properties": {
            k: {"type": "string"} for k in ("source", "name", "licence", "url", "ref", "link")
        },
    },
}


class ClaimFields(serializers.Serializer):
    """What a claim rests on (documents the schema; values come from the camera)."""

    basis = serializers.ChoiceField(Basis.choices, help_text=BASIS_HELP)
    evidence = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the Evidence records behind it."
    )


class CapabilityClaimSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="capability.code")
    name = serializers.CharField(source="capability.name")
    basis = serializers.ChoiceField(Basis.choices, help_text=BASIS_HELP)
    evidence = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the Evidence records behind it."
    )

    class Meta:
        model = CameraCapability
        fields = ("code", "name", "basis", "evidence")


class OperatorClaimSerializer(OperatorSerializer, ClaimFields):
    class Meta(OperatorSerializer.Meta):
        fields = (*OperatorSerializer.Meta.fields, "basis", "evidence")


class VendorClaimSerializer(VendorSerializer, ClaimFields):
    class Meta(VendorSerializer.Meta):
        fields = (*VendorSerializer.Meta.fields, "basis", "evidence")


class ProgramClaimSerializer(ProgramSerializer, ClaimFields):
    class Meta(ProgramSerializer.Meta):
        fields = (*ProgramSerializer.Meta.fields, "basis", "evidence")


def _link_claim(camera: Camera, name: str, serializer) -> dict | None:
    target = getattr(camera, name)
    if target is None:
        return None
    return {
        **serializer(target).data,
        "basis": getattr(camera, f"{name}_basis") or None,
        "evidence": list((camera.claim_evidence or {}).get(name, [])),
    }


class CameraDetailSerializer(GeoFeatureModelSerializer):
    """One camera with who runs it, who made it (and where from), its program and sources;
    each capability and link says what it rests on."""

    operator = serializers.SerializerMethodField()
    vendor = serializers.SerializerMethodField()
    program = serializers.SerializerMethodField()
    capabilities = CapabilityClaimSerializer(
        source="cameracapability_set", many=True, read_only=True
    )
    evidence = serializers.SerializerMethodField()
    verification = serializers.SerializerMethodField()
    sources = serializers.SerializerMethodField()
    osm_tags = serializers.SerializerMethodField()
    updated_at = DayField(help_text=UPDATED_AT_HELP)

    @extend_schema_field(
        {
            "type": "object",
            "description": "Community verification: separate submissions (and moderator checks) "
            "confirming the camera, on how many days, the last day; verified once 3 on 2 days.",
            "properties": {
                "confirmations": {"type": "integer"},
                "days": {"type": "integer"},
                "last_confirmed": {"type": "string", "format": "date", "nullable": True},
                "verified": {"type": "boolean"},
            },
        }
    )
    def get_verification(self, camera: Camera) -> dict:
        return community_verification(camera=camera)

    @extend_schema_field(OperatorClaimSerializer(allow_null=True))
    def get_operator(self, camera: Camera) -> dict | None:
        return _link_claim(camera, "operator", OperatorSerializer)

    @extend_schema_field(VendorClaimSerializer(allow_null=True))
    def get_vendor(self, camera: Camera) -> dict | None:
        return _link_claim(camera, "vendor", VendorSerializer)

    @extend_schema_field(ProgramClaimSerializer(allow_null=True))
    def get_program(self, camera: Camera) -> dict | None:
        return _link_claim(camera, "program", ProgramSerializer)

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, camera: Camera) -> list[dict]:
        """The camera's own evidence and every record its claims cite."""
        ids = {i for ids in (camera.claim_evidence or {}).values() for i in ids}
        ids |= {i for link in camera.cameracapability_set.all() for i in link.evidence}
        records = {e.pk: e for e in camera.evidence.all()}
        missing = ids - set(records)
        records |= {e.pk: e for e in Evidence.objects.filter(pk__in=missing)}
        ordered = sorted(records.values(), key=lambda e: e.pk)
        return EvidenceSerializer(ordered, many=True).data

    class Meta:
        model = Camera
        geo_field = "location"
        fields = (
            *(f for f in CAMERA_FIELDS if f not in _LINK_BASES),
            "operator",
            "vendor",
            "program",
            "capabilities",
            "evidence",
            "verification",
            "sources",
            "osm_tags",
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
                "url": record.source.url,
                "ref": record.ref,
                "link": record.linked or "own",
            }
            for record in camera.source_records.select_related("source").order_by("id")
        ]


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ("slug", "name", "kind", "country", "surveyed_on", "cameras_found")


class AreaDetailSerializer(GeoFeatureModelSerializer, QualityMixin):
    class Meta:
        model = Area
        geo_field = "geometry"
        id_field = "slug"
        fields = (
            "slug",
            "name",
            "kind",
            "country",
            "surveyed_on",
            "cameras_found",
            "data_quality",
        )


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
