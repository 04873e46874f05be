"""A camera is one physical device; every change to it is a Revision."""

from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import F, Func, Q
from django.db.models.lookups import Range
from django.utils.translation import gettext_lazy as _

from surveillance_map.cameras.vocabularies import (
    Basis,
    CameraType,
    Dataset,
    Mount,
    Placement,
    Status,
    SurveillanceType,
    Zone,
)
from surveillance_map.lib.clock import ClockDateTimeField

# Degrees clockwise from north, and the width of a field of view; sightings share them.
BEARING_VALIDATORS = [MinValueValidator(0), MaxValueValidator(359)]
ANGLE_OF_VIEW_VALIDATORS = [MinValueValidator(1), MaxValueValidator(360)]


# The index the table is clustered on (cameras/management/commands/cluster_cameras.py).
SPATIAL_INDEX = "camera_spatial_key"


def _coordinate(axis: str) -> Func:
    return Func(F("location"), function=f"ST_{axis}", output_field=models.FloatField())


class Capability(models.Model):
    """One entry of the capability vocabulary (face_recognition, plate_reading, …)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "capabilities"

    def __str__(self) -> str:
        return self.name


def _basis_field():
    return models.CharField(
        max_length=10, choices=Basis.choices, blank=True, default="", db_default=""
    )


class CameraDescription(models.Model):
    """What a device is and where it looks: the attributes a sighting can state about a camera.

    Camera and Sighting both inherit them, so they are declared once.
    """

    surveillance_type = models.CharField(
        max_length=20, choices=SurveillanceType.choices, blank=True
    )
    camera_type = models.CharField(max_length=10, choices=CameraType.choices, blank=True)
    mount = models.CharField(max_length=20, choices=Mount.choices, blank=True)
    zone = models.CharField(max_length=20, choices=Zone.choices, blank=True)
    placement = models.CharField(max_length=10, choices=Placement.choices, blank=True)
    direction = models.SmallIntegerField(null=True, blank=True, validators=BEARING_VALIDATORS)
    angle_of_view = models.SmallIntegerField(
        null=True, blank=True, validators=ANGLE_OF_VIEW_VALIDATORS
    )

    class Meta:
        abstract = True


# The shared attributes by name, for forms, services and serializers.
DESCRIPTION_FIELDS = tuple(f.name for f in CameraDescription._meta.fields)


class Camera(CameraDescription):
    name = models.CharField(max_length=200, blank=True)
    location = models.PointField(srid=4326)
    # With `direction`, a clockwise range from `direction_from` to `direction_to` (may cross 0).
    direction_from = models.SmallIntegerField(null=True, blank=True, validators=BEARING_VALIDATORS)
    direction_to = models.SmallIntegerField(null=True, blank=True, validators=BEARING_VALIDATORS)
    tilt = models.SmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Degrees from horizontal; negative looks down.",
    )
    height = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(500)],
        help_text="Metres above ground.",
    )
    operator = models.ForeignKey(
        "transparency.Operator", null=True, blank=True, on_delete=models.PROTECT
    )
    vendor = models.ForeignKey(
        "transparency.Vendor", null=True, blank=True, on_delete=models.PROTECT
    )
    manufacturer = models.CharField(
        max_length=200, blank=True, help_text="Maker as reported, before normalisation."
    )
    brand = models.CharField(max_length=200, blank=True)
    model = models.CharField(max_length=200, blank=True)
    program = models.ForeignKey(
        "transparency.Program", null=True, blank=True, on_delete=models.PROTECT
    )
    capabilities = models.ManyToManyField(
        Capability, blank=True, related_name="cameras", through="CameraCapability"
    )
    # What each link rests on ("" when there is no link), and the Evidence ids behind it.
    operator_basis = _basis_field()
    vendor_basis = _basis_field()
    program_basis = _basis_field()
    claim_evidence = models.JSONField(
        default=dict, blank=True, help_text='Evidence ids per link, e.g. {"program": [3]}.'
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    first_seen = models.DateField(null=True, blank=True)
    last_verified = models.DateField(null=True, blank=True)
    osm_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # Tags we do not model, verbatim, and the raw spelling of those we do: an OSM import then
    # exports back to the very same tags.
    extra_tags = models.JSONField(default=dict, blank=True)
    original_tags = models.JSONField(default=dict, blank=True)
    dataset = models.CharField(max_length=10, choices=Dataset.choices, default=Dataset.REAL)
    # Derived from the location by the offline gazetteer (lib.gazetteer) in the camera
    # services; the database default keeps SQL bulk loaders (imports.synthetic) valid.
    country = models.CharField(
        max_length=2,
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text="ISO 3166-1 alpha-2 code of the nearest gazetteer place.",
    )
    place = models.CharField(
        max_length=200,
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text="Nearest place in the offline gazetteer (GeoNames).",
    )
    # Derived for the hot read paths (map tiles, API pages, exports), kept by the camera
    # services: the capability codes, sorted and comma-separated, so no row needs a sub-query
    # of the links; and the location's Z-order code (cameras/spatial.py), the table's order.
    capability_codes = models.CharField(
        max_length=1000, blank=True, default="", db_default="", editable=False
    )
    spatial_key = models.BigIntegerField(default=0, db_default=0, editable=False)
    # The clock fields keep only the day for changes made for anonymous contributors.
    created_at = ClockDateTimeField(auto_now_add=True)
    updated_at = ClockDateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["status", "surveillance_type"]),
            # The table's order (`cluster_cameras`) and the bbox pages' walk (api/pagination.py).
            models.Index(fields=["spatial_key", "id"], name=SPATIAL_INDEX),
            # Equality and `IN` only: `db_index=True` would add a second, pattern-ops index on
            # PostgreSQL that no query uses and every camera write maintains.
            models.Index(fields=["country"], name="camera_country"),
            models.Index(fields=["place"], name="camera_place"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__isnull=True) | Q(direction__range=(0, 359)),
                name="camera_direction_0_359",
            ),
            models.CheckConstraint(
                condition=Q(direction_from__isnull=True, direction_to__isnull=True)
                | Q(
                    direction_from__isnull=False,
                    direction_to__isnull=False,
                    direction_from__range=(0, 359),
                    direction_to__range=(0, 359),
                    direction__isnull=True,
                ),
                name="camera_direction_range_complete",
            ),
            models.CheckConstraint(
                condition=Q(tilt__isnull=True) | Q(tilt__range=(-90, 90)),
                name="camera_tilt_range",
            ),
            models.CheckConstraint(
                condition=Q(height__isnull=True) | Q(height__range=(0, 500)),
                name="camera_height_range",
            ),
            models.CheckConstraint(
                condition=Q(angle_of_view__isnull=True) | Q(angle_of_view__range=(1, 360)),
                name="camera_angle_of_view_range",
            ),
            models.CheckConstraint(
                condition=Range(_coordinate("X"), (-180, 180)),
                name="camera_longitude_range",
            ),
            models.CheckConstraint(
                condition=Range(_coordinate("Y"), (-90, 90)),
                name="camera_latitude_range",
            ),
        ]

    def __str__(self) -> str:
        label = self.name or self.get_surveillance_type_display() or "Camera"
        return f"{label} #{self.pk}"


class CameraCapability(models.Model):
    """A capability claimed for a camera, with what the claim rests on."""

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE)
    capability = models.ForeignKey(Capability, on_delete=models.CASCADE)
    basis = models.CharField(
        max_length=10, choices=Basis.choices, default=Basis.REPORTED, db_default=Basis.REPORTED
    )
    evidence = models.JSONField(default=list, blank=True, help_text="Evidence ids behind it.")

    class Meta:
        db_table = "cameras_camera_capabilities"  # the table the plain many-to-many had
        unique_together = [("camera", "capability")]


# A camera's whole editable state by attribute name, as revisions record it (with its location
# and capability codes); what is derived (country, place) or automatic (timestamps) is not.
STATE_FIELDS = tuple(
    f.attname
    for f in Camera._meta.concrete_fields
    if f.editable and not f.primary_key and f.name != "location"
)


# Revisions made for anonymous contributors carry an actor label starting with this.
ANONYMOUS_LABEL_PREFIX = "anonymous"


class Revision(models.Model):
    """One change to a camera: its full state before and after, who, why and when."""

    class Action(models.TextChoices):
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        RETIRE = "retire", _("Retire")
        REVERT = "revert", _("Revert")

    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="revisions")
    action = models.CharField(max_length=10, choices=Action.choices)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    actor_label = models.CharField(
        max_length=200, blank=True, help_text="Who, when not a user: e.g. an import batch."
    )
    reason = models.TextField(blank=True)
    created_at = ClockDateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.action} of camera #{self.camera_id} at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_anonymous(self) -> bool:
        """Made on behalf of an anonymous contributor, whose exact time must not be published."""
        return self.actor_id is None and self.actor_label.startswith(ANONYMOUS_LABEL_PREFIX)

    @property
    def changed_fields(self) -> list[str]:
        if self.before is None:  # a creation: name what was set
            return sorted(k for k, v in self.after.items() if v not in (None, "", [], {}))
        return sorted(k for k in self.after if self.before.get(k) != self.after.get(k))
