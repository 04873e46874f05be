"""Provenance: every import is a batch from a source with a licence."""

from django.db import models


class Source(models.Model):
    """A dataset cameras come from: OpenStreetMap, a council register, a community survey."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    url = models.URLField(max_length=500, blank=True)
    licence = models.CharField(max_length=100, blank=True, help_text="e.g. ODbL-1.0, OGL-3.0")
    attribution = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One run of `import_cameras` over one file."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="batches")
    file_name = models.CharField(max_length=500)
    file_format = models.CharField(max_length=10)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    report_path = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.source} — {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class SourceRecord(models.Model):
    """Links a camera to a source that reported it, under that source's own id."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="records")
    ref = models.CharField(max_length=200, help_text="The record's id in the source.")
    camera = models.ForeignKey(
        "cameras.Camera", on_delete=models.PROTECT, related_name="source_records"
    )
    last_batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "ref"], name="source_record_unique_ref")
        ]

    def __str__(self) -> str:
        return f"{self.source.slug}:{self.ref}"
