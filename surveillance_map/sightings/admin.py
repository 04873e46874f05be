"""Read-only admin views of sightings and the moderation log; decisions go through the queue."""

from django.contrib import admin

from surveillance_map.sightings.models import ModerationAction, Sighting


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Sighting)
class SightingAdmin(ReadOnly):
    list_display = ("__str__", "status", "camera", "submitted_on", "decided_on", "decided_by")
    list_filter = ("status", "kind")


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnly):
    list_display = ("created_at", "action", "moderator", "sighting", "camera", "revision")
    list_filter = ("action",)
