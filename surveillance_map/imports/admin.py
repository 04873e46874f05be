from django.contrib import admin

from surveillance_map.imports.models import ImportBatch, Source, SourceRecord
from surveillance_map.imports.uploads import upload_urls


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "licence", "url")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = (
        "started_at",
        "source",
        "file_name",
        "created",
        "updated",
        "unchanged",
        "rejected",
    )
    list_filter = ("source",)
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False  # batches come from imports: "Upload a camera file" (imports/uploads.py)

    def get_urls(self):
        return upload_urls(self) + super().get_urls()


@admin.register(SourceRecord)
class SourceRecordAdmin(admin.ModelAdmin):
    list_display = ("source", "ref", "camera", "last_batch")
    list_filter = ("source",)
    search_fields = ("ref",)
    raw_id_fields = ("camera", "last_batch")
