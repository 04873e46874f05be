"""Admin for cameras: edits go through the services, so each save writes a Revision."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from leaflet.admin import LeafletGeoAdmin

from surveillance_map.cameras import services
from surveillance_map.cameras.models import Camera, Capability, Revision


class RevisionInline(admin.TabularInline):
    model = Revision
    fields = ("created_at", "action", "actor", "actor_label", "reason", "changed_fields")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-id",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CameraAdminForm(forms.ModelForm):
    """The camera's fields plus its capability codes (the claims keep their basis; new ones
    added here are `reported` until evidence backs them)."""

    capabilities = forms.ModelMultipleChoiceField(
        Capability.objects.all(),
        required=False,
        widget=FilteredSelectMultiple("capabilities", is_stacked=False),
    )

    class Meta:
        model = Camera
        fields = "__all__"  # noqa: DJ007 (the admin edits every field)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["capabilities"] = list(self.instance.capabilities.all())


@admin.register(Camera)
class CameraAdmin(LeafletGeoAdmin):
    form = CameraAdminForm
    list_display = (
        "__str__",
        "surveillance_type",
        "camera_type",
        "operator",
        "vendor",
        "status",
        "last_verified",
        "dataset",
    )
    list_filter = (
        "status",
        "dataset",
        "surveillance_type",
        "camera_type",
        "mount",
        "placement",
        "zone",
        "capabilities",
        "vendor__country_of_origin",
    )
    search_fields = ("name", "operator__name", "vendor__name", "manufacturer", "model", "osm_id")
    list_select_related = ("operator", "vendor")
    autocomplete_fields = ("operator", "vendor", "program")
    readonly_fields = (
        "created_at",
        "updated_at",
        "osm_id",
        "original_tags",
        "dataset",
        "claim_evidence",
    )
    inlines = [RevisionInline]
    actions = ["retire_selected"]

    def has_delete_permission(self, request, obj=None):
        return False  # deletes are soft: retire instead

    def save_model(self, request, obj, form, change):
        """Save through the services, so the edit and its revision are one transaction."""
        names = form.changed_data if change else form.cleaned_data
        fields = {
            name: form.cleaned_data[name] for name in names if name in services.EDITABLE_FIELDS
        }
        capabilities = [c.code for c in form.cleaned_data.get("capabilities", [])]
        actor = {"actor": request.user, "actor_label": f"admin: {request.user.get_username()}"}
        if change:
            services.camera_update(
                camera=obj,
                fields=fields,
                capabilities=capabilities,
                reason="edited in admin",
                **actor,
            )
        else:
            camera = services.camera_create(
                fields=fields, capabilities=capabilities, reason="created in admin", **actor
            )
            obj.pk = camera.pk
            obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # Capabilities were set by the service in save_model; only inlines are left to save.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description="Mark selected cameras as removed (kept in history)")
    def retire_selected(self, request, queryset):
        for camera in queryset:
            services.camera_retire(
                camera=camera,
                actor=request.user,
                actor_label=f"admin: {request.user.get_username()}",
                reason="retired in admin",
            )
        self.message_user(request, f"{queryset.count()} camera(s) marked removed.")


@admin.register(Capability)
class CapabilityAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "camera", "action", "actor", "actor_label")
    list_filter = ("action",)
    search_fields = ("camera__id", "actor_label", "reason")
    readonly_fields = [f.name for f in Revision._meta.fields] + ["changed_fields"]
    list_select_related = ("camera", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
