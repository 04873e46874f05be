from django.urls import path

from surveillance_map.exports import views

app_name = "data"
urlpatterns = [
    path("", views.snapshot_list, name="list"),
    path("<str:version>/<str:filename>", views.snapshot_file, name="file"),
]
