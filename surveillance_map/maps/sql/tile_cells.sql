-- Tile cells and the data version, kept current by triggers (see maps/cells.py for why).
-- Every function is CREATE OR REPLACE: a migration that changes one runs this file again.

CREATE OR REPLACE FUNCTION maps_cell_x(lon double precision, n integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT least(greatest(floor((lon + 180.0) / 360.0 * (1 << n))::integer, 0), (1 << n) - 1)
$$;

CREATE OR REPLACE FUNCTION maps_cell_y(lat double precision, n integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT least(greatest(floor(
    (1.0 - ln(tan(radians(least(greatest(lat, -85.0511287798066), 85.0511287798066)))
              + 1.0 / cos(radians(least(greatest(lat, -85.0511287798066), 85.0511287798066))))
           / pi()) / 2.0 * (1 << n))::integer, 0), (1 << n) - 1)
$$;

CREATE OR REPLACE FUNCTION maps_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A long import bumps the version once, at its end (cells.tile_cells_queued): a bump here
  -- would hold the row locked, and every moderator's write waiting, until it commits.
  IF current_setting('maps.queue_tile_cells', true) = 'on' THEN
    RETURN NULL;
  END IF;
  UPDATE maps_dataversion SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;

-- Fills `target` (an empty table shaped like maps_tilecell) with every cell: the finest cluster
-- zoom from the cameras, each coarser one from the next. (No format(): migrations run this file
-- through a driver that reads a percent sign as a parameter.)
CREATE OR REPLACE FUNCTION maps_tilecell_fill(target regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'INSERT INTO ' || target || $sql$
      (zoom, cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
    SELECT 13, maps_cell_x(ST_X(location), 15), maps_cell_y(ST_Y(location), 15),
           dataset, surveillance_type, status, count(*), sum(ST_X(location)), sum(ST_Y(location))
    FROM cameras_camera GROUP BY 1, 2, 3, 4, 5, 6$sql$;
  FOR z IN REVERSE 12..0 LOOP
    EXECUTE 'INSERT INTO ' || target || $sql$
        (zoom, cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
      SELECT $1, cell_x >> 1, cell_y >> 1, dataset, surveillance_type, status,
             sum(count), sum(sum_lon), sum(sum_lat)
      FROM $sql$ || target || ' WHERE zoom = $1 + 1 GROUP BY 1, 2, 3, 4, 5, 6' USING z;
  END LOOP;
END $$;

-- Rebuilds every cell in place (in the caller's transaction, the table locked meanwhile).
CREATE OR REPLACE FUNCTION maps_tilecell_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE maps_tilecell;
  PERFORM maps_tilecell_fill('maps_tilecell');
  -- Keys went in in no order, so the key index is a quarter bigger than built in one pass.
  REINDEX TABLE maps_tilecell;
END $$;

-- The advisory lock between the cell writers (each takes it shared, for its transaction) and
-- a rebuild beside the table (exclusive, cells.rebuild_tile_cells_beside): a writer that cannot
-- take it queues its deltas instead of applying them.
CREATE OR REPLACE FUNCTION maps_tilecell_lock_key() RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 7263615500130013::bigint $$;

-- Held shared, to its end, by each transaction that queued because of a rebuild: the rebuild
-- takes it exclusively once to wait for exactly those, then applies what they queued.
CREATE OR REPLACE FUNCTION maps_tilecell_queued_key() RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 7263615500130014::bigint $$;

-- Rebuilds every cell into a new table and swaps it in for maps_tilecell, which tiles read
-- until the swap. Runs in a REPEATABLE READ transaction begun after taking the lock above
-- exclusively: the rebuild counts every camera write that transaction sees, so their queued
-- deltas are dropped; later writes queue theirs (they cannot take the lock), applied after.
CREATE OR REPLACE FUNCTION maps_tilecell_swap_in() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  options text[];
BEGIN
  DELETE FROM maps_tilecellpending;
  DROP TABLE IF EXISTS maps_tilecell_next;
  CREATE TABLE maps_tilecell_next (LIKE maps_tilecell INCLUDING DEFAULTS INCLUDING STORAGE);
  PERFORM maps_tilecell_fill('maps_tilecell_next');
  -- Built after the rows, in one sorted pass: a packed index.
  ALTER TABLE maps_tilecell_next ADD CONSTRAINT maps_tilecell_next_pkey
    PRIMARY KEY (zoom, cell_x, cell_y, dataset, surveillance_type, status);
  LOCK TABLE maps_tilecell IN ACCESS EXCLUSIVE MODE;  -- from here to the commit: milliseconds
  SELECT reloptions INTO options FROM pg_class WHERE oid = 'maps_tilecell'::regclass;
  IF options IS NOT NULL THEN  -- the autovacuum settings (tile_cell_storage.sql)
    EXECUTE 'ALTER TABLE maps_tilecell_next SET (' || array_to_string(options, ', ') || ')';
  END IF;
  DROP TABLE maps_tilecell;
  ALTER TABLE maps_tilecell_next RENAME TO maps_tilecell;
  ALTER TABLE maps_tilecell RENAME CONSTRAINT maps_tilecell_next_pkey TO maps_tilecell_pkey;
  -- The caller bumps the data version after the commit: in this transaction an update of its
  -- row by any camera write since the snapshot would fail it.
END $$;

-- A delta: cameras added to (count 1, sums = the coordinates) or taken from (count -1) one
-- (dataset, type, status) of one finest cell, on the 2^15 grid of zoom-13 cells; several may
-- be summed into one. Each statement on cameras turns its transition tables into deltas
-- (maps_tilecell_track) and applies them at every cluster zoom (maps_tilecell_apply). Bulk
-- loads that set maps.defer_tile_cells (cells.tile_cells_deferred) skip it and rebuild once at
-- the end; imports set maps.queue_tile_cells (cells.tile_cells_queued): their deltas wait in
-- maps_tilecellpending and are applied after the commit, in short transactions
-- (maps_tilecell_apply_pending), so the cells a moderator's approval updates are never locked
-- for the length of an import.
DO $$ BEGIN
  CREATE TYPE maps_tilecell_delta AS (
    cell_x integer, cell_y integer, dataset varchar(10), surveillance_type varchar(20),
    status varchar(10), count integer, sum_lon double precision, sum_lat double precision);
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;

-- A cell's key. Not the table's row type: a rebuild beside the table (maps_tilecell_swap_in)
-- drops that type, and a function that named it would fail in every session that ran it before.
DO $$ BEGIN
  CREATE TYPE maps_tilecell_key AS (
    zoom smallint, cell_x integer, cell_y integer, dataset varchar(10),
    surveillance_type varchar(20), status varchar(10));
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;

CREATE OR REPLACE FUNCTION maps_tilecell_camera_delta(
  location geometry, dataset varchar, surveillance_type varchar, status varchar, sign integer
) RETURNS maps_tilecell_delta LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ROW(maps_cell_x(ST_X(location), 15), maps_cell_y(ST_Y(location), 15), dataset,
             surveillance_type, status, sign, sign * ST_X(location), sign * ST_Y(location)
  )::maps_tilecell_delta
$$;

-- Adds the deltas to the cells of every cluster zoom in one grouped upsert (in a fixed order,
-- so concurrent writers lock cells in the same order), then deletes the cells it emptied, by
-- their keys: no index names `count`, so an update of a cell can be HOT (the new version on
-- the same page when it has room, no new index entry).
CREATE OR REPLACE FUNCTION maps_tilecell_apply(deltas maps_tilecell_delta[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  emptied maps_tilecell_key[];
BEGIN
  IF coalesce(cardinality(deltas), 0) = 0 THEN
    RETURN;
  END IF;
  WITH upserted AS (
    INSERT INTO maps_tilecell AS t
      (zoom, cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
    SELECT z, d.cell_x >> (13 - z), d.cell_y >> (13 - z), d.dataset, d.surveillance_type,
           d.status, sum(d.count), sum(d.sum_lon), sum(d.sum_lat)
    FROM unnest(deltas) AS d CROSS JOIN generate_series(0, 13) AS z
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(d.count) <> 0 OR sum(d.sum_lon) <> 0 OR sum(d.sum_lat) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (zoom, cell_x, cell_y, dataset, surveillance_type, status) DO UPDATE
    SET count = t.count + excluded.count, sum_lon = t.sum_lon + excluded.sum_lon,
        sum_lat = t.sum_lat + excluded.sum_lat
    RETURNING t.zoom, t.cell_x, t.cell_y, t.dataset, t.surveillance_type, t.status, t.count
  )
  SELECT array_agg(ROW(u.zoom, u.cell_x, u.cell_y, u.dataset, u.surveillance_type,
                       u.status)::maps_tilecell_key)
  INTO emptied FROM upserted AS u WHERE u.count = 0;
  IF emptied IS NOT NULL THEN
    DELETE FROM maps_tilecell AS t USING unnest(emptied) AS e
    WHERE (t.zoom, t.cell_x, t.cell_y, t.dataset, t.surveillance_type, t.status)
        = (e.zoom, e.cell_x, e.cell_y, e.dataset, e.surveillance_type, e.status);
  END IF;
END $$;

-- Queues deltas, to be applied after a commit or a rebuild (maps_tilecell_apply_pending).
CREATE OR REPLACE FUNCTION maps_tilecell_queue(deltas maps_tilecell_delta[]) RETURNS void
LANGUAGE plpgsql AS $$  -- not sql: its table is created after this file first runs
BEGIN
  INSERT INTO maps_tilecellpending
    (cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
  SELECT cell_x, cell_y, dataset, surveillance_type, status,
         sum(count), sum(sum_lon), sum(sum_lat)
  FROM unnest(deltas) GROUP BY 1, 2, 3, 4, 5;
END $$;

-- The trigger function of the insert, update and delete triggers on cameras (one each: a
-- trigger with transition tables has one event).
CREATE OR REPLACE FUNCTION maps_tilecell_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  deltas maps_tilecell_delta[] := '{}';
BEGIN
  IF current_setting('maps.defer_tile_cells', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    deltas := ARRAY(SELECT maps_tilecell_camera_delta(location, dataset, surveillance_type,
                                                      status, 1) FROM new_rows);
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    deltas := deltas || ARRAY(SELECT maps_tilecell_camera_delta(location, dataset,
                                                                surveillance_type, status, -1)
                              FROM old_rows);
  END IF;
  IF current_setting('maps.queue_tile_cells', true) = 'on' THEN
    PERFORM maps_tilecell_queue(deltas);
  ELSIF pg_try_advisory_xact_lock_shared(maps_tilecell_lock_key()) THEN
    PERFORM maps_tilecell_apply(deltas);
  ELSE  -- a rebuild beside the table is running: it applies the queue when it ends
    PERFORM pg_try_advisory_xact_lock_shared(maps_tilecell_queued_key());
    PERFORM maps_tilecell_queue(deltas);
  END IF;
  RETURN NULL;
END $$;

-- Applies up to `batch` queued deltas (taken oldest first, skipping those another applier
-- holds); bumps the data version when it applied any. Returns how many it took.
CREATE OR REPLACE FUNCTION maps_tilecell_apply_pending(batch integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  deltas maps_tilecell_delta[];
BEGIN
  IF NOT pg_try_advisory_xact_lock_shared(maps_tilecell_lock_key()) THEN
    RETURN 0;  -- a rebuild beside the table is running; it applies the queue when it ends
  END IF;
  WITH taken AS (
    DELETE FROM maps_tilecellpending WHERE id IN (
      SELECT id FROM maps_tilecellpending ORDER BY id LIMIT batch FOR UPDATE SKIP LOCKED)
    RETURNING cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat
  )
  SELECT array_agg(ROW(cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon,
                       sum_lat)::maps_tilecell_delta)
  INTO deltas FROM taken;
  IF deltas IS NULL THEN
    RETURN 0;
  END IF;
  PERFORM maps_tilecell_apply(deltas);
  UPDATE maps_dataversion SET version = version + 1 WHERE id = 1;
  RETURN cardinality(deltas);
END $$;
