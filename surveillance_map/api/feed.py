"""The change feed: revisions of real cameras in the order they were written."""

from datetime import datetime

from django.db.models import QuerySet

from surveillance_map.cameras.models import Revision
from surveillance_map.cameras.vocabularies import Dataset


def revision_feed(
    *, after: int | None = None, since: datetime | None = None, limit: int
) -> QuerySet[Revision]:
    """Up to `limit` revisions with an id above `after`, or written at or after `since`.

    Ids grow in insertion order, so a mirror that keeps the last id it saw and asks again for
    the ones above it sees every revision once.
    """
    revisions = Revision.objects.filter(camera__dataset=Dataset.REAL).order_by("id")
    if after is not None:
        revisions = revisions.filter(id__gt=after)
    if since is not None:
        revisions = revisions.filter(created_at__gte=since)
    return revisions[:limit]
