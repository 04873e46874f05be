from django.contrib.auth import views as auth_views
from django.urls import path

from surveillance_map.accounts.views import LoginView
from surveillance_map.sightings.views import attribution, moderation, offline, submission

app_name = "sightings"
urlpatterns = [
    path("sw.js", offline.service_worker, name="service-worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("submit/", submission.submit, name="submit"),
    path("submit/nearby/", submission.nearby, name="nearby"),
    path("sightings/<str:token>/", submission.receipt, name="receipt"),
    path(
        "sightings/<str:token>/photos/<int:photo_id>/<str:size>.jpg",
        submission.receipt_photo,
        name="receipt-photo",
    ),
    path("photos/<int:photo_id>/<str:size>.jpg", submission.photo, name="photo"),
    path("cameras/<int:camera_id>/history/", moderation.history, name="history"),
    path("cameras/<int:camera_id>/revert/<int:revision_id>/", moderation.revert, name="revert"),
    path("cameras/<int:camera_id>/check/", moderation.check, name="check"),
    path("moderation/", moderation.queue, name="moderation-queue"),
    path("moderation/<int:sighting_id>/", moderation.detail, name="moderation-detail"),
    path("moderation/<int:sighting_id>/approve/", moderation.approve, name="approve"),
    path("moderation/<int:sighting_id>/reject/", moderation.reject, name="reject"),
    path("moderation/<int:sighting_id>/merge/", moderation.merge, name="merge"),
    path("moderation/photos/<int:photo_id>/redact/", moderation.redact, name="redact"),
    path("moderation/attributions/", attribution.attribution_page, name="attributions"),
    path("moderation/attributions/new/", attribution.attribution_create, name="attribution-new"),
    path(
        "moderation/attributions/<int:attribution_id>/revert/",
        attribution.attribution_undo,
        name="attribution-revert",
    ),
    path(
        "moderation/reviews/<int:review_id>/<slug:action>/",
        moderation.decide_review,
        name="review-decide",
    ),
    path(
        "moderation/login/",
        LoginView.as_view(
            template_name="sightings/moderation/login.html", next_page="/moderation/"
        ),
        name="login",
    ),
    path("moderation/logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
]
