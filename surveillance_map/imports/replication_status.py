"""How far behind OpenStreetMap the sync is: for moderators (the queue page) and /readyz."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from surveillance_map.imports.models import ReplicationState


@dataclass(frozen=True)
class SyncStatus:
    sequence: int
    published: datetime  # when OSM published the last applied diff
    applied: datetime
    lag_seconds: float  # now − published: how old our copy of OSM is

    @property
    def late(self) -> bool:
        return self.lag_seconds > settings.OSM_SYNC_MAX_LAG_SECONDS


def sync_status() -> SyncStatus | None:
    """None when `sync_osm` never ran."""
    state = ReplicationState.objects.filter(source__slug="openstreetmap").first()
    if state is None:
        return None
    lag = (timezone.now() - state.timestamp).total_seconds()
    return SyncStatus(state.sequence, state.timestamp, state.applied_at, max(lag, 0.0))


def readiness_check() -> str:
    """For /readyz (settings.READINESS_EXTRA_CHECKS): reported, never failing the probe — a
    late sync is for the moderators to see, not a reason to take the site out of service."""
    status = sync_status()
    if status is None:
        return "not running (no sequence stored)"
    minutes = status.lag_seconds / 60
    word = "late" if status.late else "ok"
    return (
        f"{word}, sequence {status.sequence} published {status.published:%Y-%m-%d %H:%M} UTC, "
        f"{minutes:.0f} min behind"
    )
