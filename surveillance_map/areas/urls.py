from django.urls import path

from surveillance_map.areas import views

app_name = "areas"
urlpatterns = [
    path("areas/", views.area_list, name="list"),
    path("areas/<slug:slug>/", views.area_detail, name="detail"),
]
