"""The change feed: revisions of real cameras, each listed once, in a resumable order.

A mirror keeps the `cursor` of the last page and asks for what follows it. Revision ids alone
would not do on PostgreSQL: ids are handed out at insert, but transactions commit in another
order, so a long import could commit revision 10 after a moderator's revision 11 was already
read, and a mirror past 11 would never see 10. So the feed orders by (transaction id, revision
id) and lists only revisions of transactions older than every transaction that was still open
on this database when the page was read: once listed, nothing can later appear before them.
An open write transaction therefore holds the feed back until it ends (a lag, never a loss).
Transaction ids are widened to 64 bits from the current epoch (right for rows younger than
2^32 transactions). SQLite runs one writer at a time, so there ids are in commit order.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from surveillance_map.cameras.models import Revision
from surveillance_map.cameras.vocabularies import Dataset

CURSOR = re.compile(r"(\d+)\.(\d+)")

# The 64-bit id of 32-bit transaction id {x}, counted back from the next transaction id.
_WIDEN = (
    "(now.next_xid - ((now.next_xid - ({x})::text::bigint) %% 4294967296 + 4294967296)"
    " %% 4294967296)"
)
# Transactions open when this statement's snapshot was taken, except those known to write to
# another database (a session that has ended, or that we may not see, counts as ours).
_POSTGRES = """
WITH now AS (
  SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next_xid
), horizon AS (
  SELECT COALESCE((
    SELECT min(open.xid::text::bigint)
    FROM pg_snapshot_xip(pg_current_snapshot()) AS open(xid)
    WHERE NOT EXISTS (
      SELECT 1 FROM pg_stat_activity a
      WHERE a.datname <> current_database()
        AND a.backend_xid::text::bigint = open.xid::text::bigint %% 4294967296)
  ), now.next_xid) AS oldest_open
  FROM now
), feed AS (
  SELECT r.id, WIDEN_XMIN AS xid
  FROM cameras_revision r JOIN cameras_camera c ON c.id = r.camera_id, now
  WHERE c.dataset = %s {since}
)
SELECT id, xid FROM feed, horizon
WHERE xid < horizon.oldest_open AND (xid, id) > (%s, %s)
ORDER BY xid, id
LIMIT %s
""".replace("WIDEN_XMIN", _WIDEN.format(x="r.xmin"))


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
    *, cursor: tuple[int, int] | None = None, since: datetime | None = None, limit: int
) -> FeedPage:
    """Up to `limit` revisions after `cursor`, written at or after `since` if given."""
    after = cursor or (-1, -1)
    if connection.vendor == "postgresql":
        sql = _POSTGRES.format(since="AND r.created_at >= %s" if since else "")
        params = [Dataset.REAL, *([since] if since else []), *after, limit]
        with connection.cursor() as db:
            db.execute(sql, params)
            order = db.fetchall()
    else:
        revisions = Revision.objects.filter(camera__dataset=Dataset.REAL, id__gt=after[1])
        if since is not None:
            revisions = revisions.filter(created_at__gte=since)
        order = [(pk, 0) for pk in revisions.order_by("id").values_list("id", flat=True)[:limit]]
    by_id = Revision.objects.in_bulk([pk for pk, _ in order])
    revisions = [by_id[pk] for pk, _ in order]
    last = f"{order[-1][1]}.{order[-1][0]}" if order else None
    return FeedPage(revisions, last or (f"{after[0]}.{after[1]}" if cursor else None))
