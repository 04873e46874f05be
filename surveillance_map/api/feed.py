"""The change feed: revisions of real cameras, each listed once, in a resumable order.

A mirror keeps the `cursor` of the last page and asks for what follows it. Revision ids alone
would not do on PostgreSQL: ids are handed out at insert, but transactions commit in another
order, so a long import could commit revision 10 after a moderator's revision 11 was already
read, and a mirror past 11 would never see 10. So the feed orders by (transaction id, revision
id) and lists only revisions of transactions older than every transaction that was still open
on this database when the page was read: once listed, nothing can later appear before them.
The transactions of other databases are read first, in a statement of their own (see
sql/open_elsewhere.sql): otherwise one ending at the wrong moment held the feed back.
An open write transaction therefore holds the feed back until it ends (a lag, never a loss).
Transaction ids are widened to 64 bits from the current epoch (right for rows younger than
2^32 transactions). SQLite runs one writer at a time, so there ids are in commit order.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from surveillance_map.cameras.models import Revision
from surveillance_map.cameras.vocabularies import Dataset
from surveillance_map.lib.db import is_postgis
from surveillance_map.lib.replicas import read_connection
from surveillance_map.lib.sql import read_sql

# ASCII digits, at most 18 of them: both parts must fit a bigint.
CURSOR = re.compile(r"([0-9]{1,18})\.([0-9]{1,18})")

FEED_SQL = read_sql(__file__, "revision_feed.sql")
OPEN_ELSEWHERE_SQL = read_sql(__file__, "open_elsewhere.sql")


@dataclass(frozen=True)
class FeedPage:
    revisions: list[Revision]
    cursor: str | None  # where the next page starts; None before anything was listed


def parse_cursor(text: str) -> tuple[int, int]:
    """(transaction, revision id) from "T.R"; raises ValueError."""
    match = CURSOR.fullmatch(text)
    if not match:
        raise ValueError("expected the cursor of a previous page, e.g. 1234.567")
    return int(match[1]), int(match[2])


def revision_feed(
    *,
    cursor: tuple[int, int] | None = None,
    since: datetime | None = None,
    limit: int,
    cameras: QuerySet | None = None,
) -> FeedPage:
    """Up to `limit` revisions after `cursor`, written at or after `since` if given, of the
    `cameras` if given (a filtered queryset: bbox, area, camera filters)."""
    after = cursor or (-1, -1)
    if is_postgis():
        narrow, narrow_params = "TRUE", []
        if cameras is not None:
            subquery, narrow_params = cameras.order_by().values("id").query.sql_with_params()
            narrow = f"c.id IN ({subquery})"
        with read_connection().cursor() as db:
            # Two statements, so the feed's snapshot is newer than the read of the others
            # (read committed: each statement has its own snapshot).
            db.execute(OPEN_ELSEWHERE_SQL)
            elsewhere = db.fetchone()[0]
            sql = FEED_SQL.replace("{cameras}", narrow)
            db.execute(sql, [elsewhere, Dataset.REAL, since, *narrow_params, *after, limit])
            order = db.fetchall()
    else:
        revisions = Revision.objects.filter(camera__dataset=Dataset.REAL, id__gt=after[1])
        if cameras is not None:
            revisions = revisions.filter(camera__in=cameras.order_by().values("id"))
        if since is not None:
            revisions = revisions.filter(created_at__gte=since)
        order = [(pk, 0) for pk in revisions.order_by("id").values_list("id", flat=True)[:limit]]
    by_id = Revision.objects.in_bulk([pk for pk, _ in order])
    revisions = [by_id[pk] for pk, _ in order]
    last = f"{order[-1][1]}.{order[-1][0]}" if order else None
    return FeedPage(revisions, last or (f"{after[0]}.{after[1]}" if cursor else None))
