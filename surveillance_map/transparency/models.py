"""Who runs a camera, who made it and under which program, with sources."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from surveillance_map.cameras.vocabularies import Dataset, OperatorType

COUNTRY_HELP = "ISO 3166-1 alpha-2 code, e.g. EC, CN, US."


class PublicQuerySet(models.QuerySet):
    def public(self):
        """Real rows only: synthetic ones (benchmarks) are never shown."""
        return self.filter(dataset=Dataset.REAL)


def _dataset_field():
    return models.CharField(
        max_length=10, choices=Dataset.choices, default=Dataset.REAL, db_default=Dataset.REAL
    )


class Operator(models.Model):
    """An agency or company that runs cameras."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    operator_type = models.CharField(
        max_length=12, choices=OperatorType.choices, default=OperatorType.UNKNOWN
    )
    country = models.CharField(max_length=2, blank=True, help_text=COUNTRY_HELP)
    wikidata = models.CharField(max_length=20, blank=True)
    dataset = _dataset_field()

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Vendor(models.Model):
    """A manufacturer or integrator, with the country it comes from."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    country_of_origin = models.CharField(max_length=2, blank=True, help_text=COUNTRY_HELP)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other spellings that mean this vendor."
    )
    wikidata = models.CharField(max_length=20, blank=True)
    restrictions = models.TextField(
        blank=True, help_text="e.g. US FCC Covered List; back each with an Evidence row."
    )
    notes = models.TextField(blank=True)
    dataset = _dataset_field()

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    """A named system or contract, such as Ecuador's ECU-911."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    country = models.CharField(max_length=2, blank=True, help_text=COUNTRY_HELP)
    operator = models.ForeignKey(Operator, null=True, blank=True, on_delete=models.PROTECT)
    vendors = models.ManyToManyField(Vendor, blank=True, related_name="programs")
    year_started = models.PositiveSmallIntegerField(null=True, blank=True)
    financing = models.TextField(blank=True)
    claimed_camera_count = models.PositiveIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Evidence(models.Model):
    """A source backing claims: about one camera, program or vendor, or (with none of them) a
    document cited by claims about many cameras, such as an attribution's contract."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        PROCUREMENT = "procurement", _("Procurement document")
        RECORDS_REQUEST = "records_request", _("Records request")
        NEWS = "news", _("News report")
        RESEARCH = "research", _("Research report")
        OFFICIAL_LIST = "official_list", _("Official list or register")
        SITE_VISIT = "site_visit", _("Site visit")
        OTHER = "other", _("Other")

    class Confidence(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low (to be checked)")

    camera = models.ForeignKey(
        "cameras.Camera", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to="evidence/", blank=True)
    sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the uploaded file, in hex."
    )
    published_on = models.DateField(null=True, blank=True)
    observed_on = models.DateField(null=True, blank=True)
    supports = models.JSONField(
        default=list, blank=True, help_text="Field names this source supports, e.g. ['vendor']."
    )
    confidence = models.CharField(
        max_length=6, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-published_on", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(program__isnull=True, vendor__isnull=True)
                    | Q(camera__isnull=True, program__isnull=False, vendor__isnull=True)
                    | Q(camera__isnull=True, program__isnull=True, vendor__isnull=False)
                ),
                name="evidence_backs_at_most_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Attribution(models.Model):
    """Many cameras linked at once to a program, operator or vendor, citing one Evidence record.

    One revision per camera changed (basis `inferred`); reverting the batch undoes them all.
    """

    class Link(models.TextChoices):
        PROGRAM = "program", _("Program")
        OPERATOR = "operator", _("Operator")
        VENDOR = "vendor", _("Vendor")

    link = models.CharField(max_length=10, choices=Link.choices)
    operator = models.ForeignKey(Operator, null=True, blank=True, on_delete=models.PROTECT)
    vendor = models.ForeignKey(Vendor, null=True, blank=True, on_delete=models.PROTECT)
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.PROTECT)
    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="attributions")
    selection = models.JSONField(default=dict, help_text="The filters that chose the cameras.")
    revisions = models.ManyToManyField("cameras.Revision", blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reverted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"Attribution #{self.pk}: {self.link} {self.target}"

    @property
    def target(self):
        return getattr(self, self.link)
