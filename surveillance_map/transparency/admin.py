from django.contrib import admin

from surveillance_map.transparency.models import Evidence, Operator, Program, Vendor


class EvidenceInline(admin.StackedInline):
    model = Evidence
    extra = 0
    fields = ("kind", "title", "publisher", "url", "published_on", "confidence", "supports", "note")


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = ("name", "operator_type", "country")
    list_filter = ("operator_type", "country")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ("name", "country_of_origin", "restrictions")
    list_filter = ("country_of_origin",)
    search_fields = ("name", "aliases")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [EvidenceInline]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "operator", "year_started", "claimed_camera_count")
    list_filter = ("country",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("operator",)
    filter_horizontal = ("vendors",)
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "publisher", "published_on", "confidence")
    list_filter = ("kind", "confidence")
    search_fields = ("title", "publisher", "url")
    raw_id_fields = ("camera",)
