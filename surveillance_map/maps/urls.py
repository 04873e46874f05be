from django.urls import path

from surveillance_map.maps import views

app_name = "maps"
urlpatterns = [
    path("", views.map_page, name="map"),
    path("embed/", views.embed_page, name="embed"),
    path("tiles/<int:z>/<int:x>/<int:y>.pbf", views.tile, name="tile"),
    path("basemap/<int:z>/<int:x>/<int:y>.png", views.basemap_tile, name="basemap"),
    path("tiles/version.json", views.version, name="version"),
    path("map/cameras.json", views.cameras_in_view, name="cameras-in-view"),
    path("map/counts.json", views.filter_counts, name="counts"),
    path("map/search.json", views.search_view, name="search"),
    path("cameras/<int:camera_id>/", views.camera_detail, name="camera"),
    path("cameras/<int:camera_id>.json", views.camera_record, name="camera-json"),
]
