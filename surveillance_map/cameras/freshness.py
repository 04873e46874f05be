"""When a camera counts as stale: nobody has vouched for it in `STALE_AFTER_DAYS` days."""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.vocabularies import Status


def stale_before(*, today: date | None = None) -> date:
    """Cameras last verified before this day are stale."""
    return (today or timezone.localdate()) - timedelta(days=settings.STALE_AFTER_DAYS)


def camera_is_stale(camera: Camera, *, today: date | None = None) -> bool:
    """An active camera never verified, or not verified for too long; removed ones never are."""
    if camera.status == Status.REMOVED:
        return False
    return camera.last_verified is None or camera.last_verified < stale_before(today=today)
