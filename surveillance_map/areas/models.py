"""Named boundaries (country, city, district) for search, reports and exports."""

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    geometry = models.MultiPolygonField(srid=4326)
    description = models.TextField(
        blank=True, help_text="Where the boundary comes from; say so when it is approximate."
    )
    surveyed_on = models.DateField(
        null=True, blank=True, help_text="When the area was last surveyed on the ground."
    )
    cameras_found = models.PositiveIntegerField(
        null=True, blank=True, help_text="Cameras found by that survey; zero is a finding."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"
