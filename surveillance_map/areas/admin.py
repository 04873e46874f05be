from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from surveillance_map.areas.models import Area


@admin.register(Area)
class AreaAdmin(LeafletGeoAdmin):
    list_display = ("name", "kind", "country", "surveyed_on", "cameras_found")
    list_filter = ("kind", "country")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
