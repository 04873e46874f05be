"""The scheduled dataset snapshot (Celery beat, every SNAPSHOT_EVERY_SECONDS): what
`manage.py publish_dataset --if-changed` does, run by a worker."""

import logging

from celery import shared_task

from surveillance_map.exports.gpkg import GdalMissing
from surveillance_map.exports.snapshots import latest_is_current, publish_snapshot

logger = logging.getLogger("surveillance_map.exports")


@shared_task(name="exports.publish_snapshot", acks_late=True, ignore_result=True)
def publish_snapshot_task() -> str | None:
    """Publish a snapshot unless the newest was made from the same data; its version or None."""
    if latest_is_current():
        return None
    try:
        return publish_snapshot().version
    except GdalMissing as error:  # nothing was published; the next run tries again
        logger.error("publish_snapshot: %s", error)
        return None
