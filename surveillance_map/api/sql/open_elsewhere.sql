-- Transactions open in other databases (or in none): they write nothing the feed lists. Read
-- before the feed's own statement (revision_feed.sql) takes its snapshot, so that every one of
-- them still open then is known. Read in the same statement, a transaction that ended between
-- the snapshot and this read would be in the snapshot yet unknown, and hold the feed back to
-- an xid older than revisions already committed.
SELECT coalesce(array_agg(backend_xid::text::bigint), '{}')
FROM pg_stat_activity
WHERE datname IS DISTINCT FROM current_database() AND backend_xid IS NOT NULL
