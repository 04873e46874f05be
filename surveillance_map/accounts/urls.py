from django.urls import path

from surveillance_map.accounts import views

app_name = "accounts"
urlpatterns = [
    path("moderation/two-factor/", views.verify, name="verify"),
    path("moderation/two-factor/setup/", views.setup, name="setup"),
]
