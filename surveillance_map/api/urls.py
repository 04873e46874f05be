from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import SimpleRouter

from surveillance_map.api import redoc, views
from surveillance_map.sightings.api import SightingCreate

app_name = "api"

router = SimpleRouter()
router.register("cameras", views.CameraViewSet, basename="camera")
router.register("vendors", views.VendorViewSet, basename="vendor")
router.register("operators", views.OperatorViewSet, basename="operator")
router.register("programs", views.ProgramViewSet, basename="program")
router.register("capabilities", views.CapabilityViewSet, basename="capability")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("areas", views.AreaViewSet, basename="area")

urlpatterns = [
    path("cameras.geojson", views.CameraGeoJSONExport.as_view(), name="cameras-geojson"),
    path("cameras.csv", views.CameraCSVExport.as_view(), name="cameras-csv"),
    path("changes/", views.ChangeFeed.as_view(), name="changes"),
    path("sightings/", SightingCreate.as_view(), name="sightings"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"),
        name="docs",
    ),
    path("docs/redoc.standalone.js", redoc.redoc_script, name="redoc-script"),
    path("", views.ApiIndex.as_view(), name="index"),
    path("", include(router.urls)),
]
