"""Atom feeds of new, changed and removed cameras, for an area or any map view and filter set.

    /areas/<slug>/changes.atom        cameras inside the area's boundary
    /changes.atom?bbox=W,S,E,N&…      the map's filters (surveillance_type, capability, …)

No account needed. The newest revisions first; a change an anonymous contribution made is
dated to the day only, as everywhere public.
"""

from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from surveillance_map.api.views import revisions_from_sightings
from surveillance_map.areas.filters import parse_filters
from surveillance_map.areas.models import Area
from surveillance_map.cameras.filters import FilterError
from surveillance_map.cameras.models import Revision
from surveillance_map.exports import records

ENTRIES = 50


class _ChangesFeed(Feed):
    feed_type = Atom1Feed

    def cameras(self, obj):
        return records.export_queryset(filters=obj["filters"])

    def items(self, obj):
        revisions = list(
            Revision.objects.filter(camera__in=self.cameras(obj).order_by().values("id"))
            .select_related("camera")
            .order_by("-id")[:ENTRIES]
        )
        self._anonymous = {r.pk for r in revisions if r.is_anonymous}
        self._anonymous |= revisions_from_sightings(revisions)
        return revisions

    def item_title(self, revision: Revision) -> str:
        camera = revision.camera
        label = camera.get_surveillance_type_display() or _("Camera")
        if revision.action == Revision.Action.CREATE:
            return _("New: %(label)s #%(id)s") % {"label": label, "id": camera.pk}
        if revision.action == Revision.Action.RETIRE:
            return _("Removed: %(label)s #%(id)s") % {"label": label, "id": camera.pk}
        fields = ", ".join(revision.changed_fields)
        return _("Changed: %(label)s #%(id)s (%(fields)s)") % {
            "label": label,
            "id": camera.pk,
            "fields": fields,
        }

    def item_description(self, revision: Revision) -> str:
        where = revision.camera.place or ""
        return " — ".join(part for part in (revision.reason, where) if part)

    def item_link(self, revision: Revision) -> str:
        return reverse("maps:camera", args=[revision.camera_id]) + f"#revision-{revision.pk}"

    def item_guid(self, revision: Revision) -> str:
        return f"revision-{revision.pk}"

    def item_updateddate(self, revision: Revision) -> datetime:
        if revision.pk in self._anonymous:  # the day only
            day = revision.created_at.astimezone(UTC).date()
            return datetime.combine(day, time.min, tzinfo=UTC)
        return revision.created_at

    item_pubdate = item_updateddate

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except FilterError as error:
            return HttpResponseBadRequest(
                f"{error.param}: {error.message}\n", content_type="text/plain; charset=utf-8"
            )


class AreaChangesFeed(_ChangesFeed):
    def get_object(self, request, slug: str):
        area = Area.objects.filter(slug=slug).first()
        if area is None:
            raise Http404("no such area")
        return {"area": area, "filters": parse_filters({"area": slug})}

    def title(self, obj) -> str:
        return _("Camera changes in %(area)s · Surveillance Map") % {"area": obj["area"].name}

    def link(self, obj) -> str:
        return reverse("reports:area", args=[obj["area"].slug])

    def subtitle(self, obj) -> str:
        return _("New, changed and removed cameras inside the boundary of %(area)s.") % {
            "area": obj["area"].name
        }


class ViewChangesFeed(_ChangesFeed):
    def get_object(self, request):
        return {"filters": parse_filters(request.GET), "query": request.GET.urlencode()}

    def title(self, obj) -> str:
        return _("Camera changes in a map view · Surveillance Map")

    def link(self, obj) -> str:
        return "/?" + obj["query"]

    def subtitle(self, obj) -> str:
        return _("New, changed and removed cameras matching: %(query)s") % {
            "query": obj["query"] or _("everything")
        }
