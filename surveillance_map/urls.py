from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.i18n import JavaScriptCatalog

from surveillance_map.api.atom import AreaChangesFeed, ViewChangesFeed

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("surveillance_map.api.urls")),
    path("data/", include("surveillance_map.exports.urls")),
    path("", include("surveillance_map.accounts.urls")),
    path("", include("surveillance_map.sightings.urls")),
    path("", include("surveillance_map.imports.urls")),
    path("", include("surveillance_map.maps.urls")),
    path("changes.atom", ViewChangesFeed(), name="changes-atom"),
    path("areas/<slug:slug>/changes.atom", AreaChangesFeed(), name="area-changes-atom"),
    path("", include("surveillance_map.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Interface text for the map's and the submit page's scripts. Pages add ?l=<language>, so
    # each language has its own URL in browser and server caches.
    path(
        "i18n/js/",
        cache_page(3600)(JavaScriptCatalog.as_view(domain="djangojs")),
        name="javascript-catalog",
    ),
]

# Under /api/ errors are JSON in the API's one shape (lib/api.py); elsewhere Django's pages.
handler400 = "surveillance_map.errors.bad_request"
handler404 = "surveillance_map.errors.not_found"
# An outage raised outside a view (sessions, authentication) is a 503, not a 500.
handler500 = "surveillance_map.lib.unavailable.server_error"
