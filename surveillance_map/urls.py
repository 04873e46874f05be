from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("surveillance_map.api.urls")),
    path("data/", include("surveillance_map.exports.urls")),
    path("", include("surveillance_map.sightings.urls")),
    path("", include("surveillance_map.maps.urls")),
    path("", include("surveillance_map.transparency.urls")),
    path("", include("surveillance_map.areas.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
