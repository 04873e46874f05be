-- Revisions of real cameras in (transaction id, revision id) order, up to the oldest
-- transaction still open: transactions open when this statement's snapshot was taken, except
-- those of other databases (the first parameter: open_elsewhere.sql, read just before). One
-- that began after that read counts as ours: its xid is newer than any revision committed
-- before, so it holds back only what may be in flight. The cameras placeholder narrows to
-- filtered cameras. A 32-bit xmin is widened to 64 bits counting back from the next transaction.
WITH now AS (
  SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next_xid
), horizon AS (
  SELECT COALESCE((
    SELECT min(open.xid::text::bigint)
    FROM pg_snapshot_xip(pg_current_snapshot()) AS open(xid)
    WHERE open.xid::text::bigint %% 4294967296 <> ALL (%s::bigint[])
  ), now.next_xid) AS oldest_open
  FROM now
), feed AS (
  SELECT r.id,
         (now.next_xid - ((now.next_xid - (r.xmin)::text::bigint) %% 4294967296 + 4294967296)
          %% 4294967296) AS xid
  FROM cameras_revision r JOIN cameras_camera c ON c.id = r.camera_id, now
  WHERE c.dataset = %s AND r.created_at >= COALESCE(%s, '-infinity'::timestamptz)
    AND {cameras}
)
SELECT id, xid FROM feed, horizon
WHERE xid < horizon.oldest_open AND (xid, id) > (%s, %s)
ORDER BY xid, id
LIMIT %s
