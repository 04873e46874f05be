from django.urls import path

from surveillance_map.transparency import views

app_name = "transparency"
urlpatterns = [
    path("vendors/", views.vendor_list, name="vendors"),
    path("vendors/<slug:slug>/", views.vendor_detail, name="vendor"),
    path("programs/", views.program_list, name="programs"),
    path("programs/<slug:slug>/", views.program_detail, name="program"),
    path("world/", views.world, name="world"),
    path("countries/<str:code>/", views.country_detail, name="country"),
]
