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


OSM_SOURCE = {
    "slug": "openstreetmap",
    "name": "OpenStreetMap",
    "url": "https://www.openstreetmap.org/copyright",
    "licence": "ODbL-1.0",
    "attribution": "© OpenStreetMap contributors",
}


def osm_source() -> Source:
    """The OpenStreetMap source, made on first use."""
    defaults = dict(OSM_SOURCE)
    return Source.objects.get_or_create(slug=defaults.pop("slug"), defaults=defaults)[0]


class ImportBatch(models.Model):
    """One run of `import_cameras` over one file, or one replication diff applied by `sync_osm`."""

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
    # From an OSM file's header: where `sync_osm` starts when no sequence is stored yet.
    replication_timestamp = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.source} — {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


LINK_STATES = [("matched", "matched by place"), ("confirmed", "confirmed by a moderator")]


class SourceRecord(models.Model):
    """Links a camera to a source that reported it, under that source's own id."""

    # No index of its own: the unique (source, ref) index below begins with it.
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="records", db_index=False
    )
    ref = models.CharField(max_length=200, help_text="The record's id in the source.")
    camera = models.ForeignKey(
        "cameras.Camera", on_delete=models.PROTECT, related_name="source_records"
    )
    last_batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT)
    # What the source last said (OSM: tags, lon, lat, version, changeset): the common base that
    # tells a moderator's local edit from an upstream change (see imports/upstream.py).
    upstream = models.JSONField(null=True, blank=True)
    # Set when the record was matched to a camera another source already had (imports/linking.py).
    linked = models.CharField(max_length=10, choices=LINK_STATES, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "ref"], name="source_record_unique_ref")
        ]

    def __str__(self) -> str:
        return f"{self.source.slug}:{self.ref}"


class ReplicationState(models.Model):
    """How far `sync_osm` has followed a replication directory: one row per source."""

    source = models.OneToOneField(Source, on_delete=models.PROTECT, related_name="replication")
    url = models.URLField(max_length=500)
    sequence = models.BigIntegerField()
    timestamp = models.DateTimeField(help_text="When the last applied diff was published.")
    applied_at = models.DateTimeField(help_text="When it was applied here.")

    def __str__(self) -> str:
        return f"{self.source.slug} at sequence {self.sequence}"
