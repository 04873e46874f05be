from django.urls import path

from surveillance_map.reports import views

app_name = "reports"
urlpatterns = [
    path("areas/", views.area_list, name="areas"),
    path("areas/<slug:slug>/", views.area_report, name="area"),
    path("vendors/", views.vendor_list, name="vendors"),
    path("vendors/<slug:slug>/", views.vendor_detail, name="vendor"),
    path("programs/", views.program_list, name="programs"),
    path("programs/<slug:slug>/", views.program_detail, name="program"),
    path("world/", views.world_page, name="world"),
    path("countries/<str:code>/", views.country_detail, name="country"),
    path("evidence/<int:evidence_id>/document", views.evidence_document, name="evidence-document"),
]
