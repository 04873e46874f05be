from django.urls import path

from surveillance_map.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
]
