from django.urls import path

from surveillance_map.imports import views

app_name = "imports"
urlpatterns = [
    path(
        "moderation/reviews/<int:review_id>/link/<int:camera_id>/",
        views.link_review,
        name="link-review",
    ),
    path(
        "moderation/sources/<int:record_id>/<slug:action>/",
        views.record_action,
        name="record-action",
    ),
]
