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

-- Rebuilds every cell: the finest cluster zoom from the cameras, each coarser one from the next.
CREATE OR REPLACE FUNCTION maps_tilecell_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE maps_tilecell;
  INSERT INTO maps_tilecell
    (zoom, cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
  SELECT 13, maps_cell_x(ST_X(location), 15), maps_cell_y(ST_Y(location), 15),
         dataset, surveillance_type, status, count(*), sum(ST_X(location)), sum(ST_Y(location))
  FROM cameras_camera GROUP BY 1, 2, 3, 4, 5, 6;
  FOR z IN REVERSE 12..0 LOOP
    INSERT INTO maps_tilecell
      (zoom, cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
    SELECT z, cell_x >> 1, cell_y >> 1, dataset, surveillance_type, status,
           sum(count), sum(sum_lon), sum(sum_lat)
    FROM maps_tilecell WHERE zoom = z + 1 GROUP BY 1, 2, 3, 4, 5, 6;
  END LOOP;
END $$;

-- Each statement on cameras adds its new rows and subtracts its old ones at every cluster zoom
-- in one grouped upsert, reading the statement's transition tables. Bulk loads that set
-- maps.defer_tile_cells (cells.tile_cells_deferred) skip it and rebuild once at the end;
-- imports set maps.queue_tile_cells (cells.tile_cells_queued): their deltas wait in
-- maps_tilecellpending and are applied after the commit, in short transactions, so the cells
-- a moderator's approval updates are never locked for the length of an import.

CREATE OR REPLACE FUNCTION maps_tilecell_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('maps.defer_tile_cells', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF current_setting('maps.queue_tile_cells', true) = 'on' THEN
    INSERT INTO maps_tilecellpending
      (cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
    SELECT maps_cell_x(lon, 15), maps_cell_y(lat, 15), dataset, surveillance_type, status,
           sum(sign), sum(sign * lon), sum(sign * lat)
    FROM (
      SELECT ST_X(location) AS lon, ST_Y(location) AS lat, dataset, surveillance_type, status,
             1 AS sign FROM new_rows
    ) AS d
    GROUP BY 1, 2, 3, 4, 5;
    RETURN NULL;
  END IF;
  INSERT INTO maps_tilecell AS t
    (zoom, cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
  SELECT z, maps_cell_x(lon, 15) >> (13 - z), maps_cell_y(lat, 15) >> (13 - z),
         dataset, surveillance_type, status, sum(sign), sum(sign * lon), sum(sign * lat)
  FROM (
    SELECT ST_X(location) AS lon, ST_Y(location) AS lat, dataset, surveillance_type, status,
           1 AS sign FROM new_rows
  ) AS d
  CROSS JOIN generate_series(0, 13) AS z
  GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(sign) <> 0 OR sum(sign * lon) <> 0 OR sum(sign * lat) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (zoom, cell_x, cell_y, dataset, surveillance_type, status) DO UPDATE
  SET count = t.count + excluded.count, sum_lon = t.sum_lon + excluded.sum_lon,
      sum_lat = t.sum_lat + excluded.sum_lat;
  DELETE FROM maps_tilecell WHERE count = 0;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION maps_tilecell_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('maps.defer_tile_cells', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF current_setting('maps.queue_tile_cells', true) = 'on' THEN
    INSERT INTO maps_tilecellpending
      (cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
    SELECT maps_cell_x(lon, 15), maps_cell_y(lat, 15), dataset, surveillance_type, status,
           sum(sign), sum(sign * lon), sum(sign * lat)
    FROM (
      SELECT ST_X(location) AS lon, ST_Y(location) AS lat, dataset, surveillance_type, status,
             1 AS sign FROM new_rows
      UNION ALL
      SELECT ST_X(location), ST_Y(location), dataset, surveillance_type, status, -1 FROM old_rows
    ) AS d
    GROUP BY 1, 2, 3, 4, 5;
    RETURN NULL;
  END IF;
  INSERT INTO maps_tilecell AS t
    (zoom, cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
  SELECT z, maps_cell_x(lon, 15) >> (13 - z), maps_cell_y(lat, 15) >> (13 - z),
         dataset, surveillance_type, status, sum(sign), sum(sign * lon), sum(sign * lat)
  FROM (
    SELECT ST_X(location) AS lon, ST_Y(location) AS lat, dataset, surveillance_type, status,
           1 AS sign FROM new_rows
    UNION ALL
    SELECT ST_X(location), ST_Y(location), dataset, surveillance_type, status, -1 FROM old_rows
  ) AS d
  CROSS JOIN generate_series(0, 13) AS z
  GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(sign) <> 0 OR sum(sign * lon) <> 0 OR sum(sign * lat) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (zoom, cell_x, cell_y, dataset, surveillance_type, status) DO UPDATE
  SET count = t.count + excluded.count, sum_lon = t.sum_lon + excluded.sum_lon,
      sum_lat = t.sum_lat + excluded.sum_lat;
  DELETE FROM maps_tilecell WHERE count = 0;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION maps_tilecell_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('maps.defer_tile_cells', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF current_setting('maps.queue_tile_cells', true) = 'on' THEN
    INSERT INTO maps_tilecellpending
      (cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
    SELECT maps_cell_x(lon, 15), maps_cell_y(lat, 15), dataset, surveillance_type, status,
           sum(sign), sum(sign * lon), sum(sign * lat)
    FROM (
      SELECT ST_X(location) AS lon, ST_Y(location) AS lat, dataset, surveillance_type, status,
             -1 AS sign FROM old_rows
    ) AS d
    GROUP BY 1, 2, 3, 4, 5;
    RETURN NULL;
  END IF;
  INSERT INTO maps_tilecell AS t
    (zoom, cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
  SELECT z, maps_cell_x(lon, 15) >> (13 - z), maps_cell_y(lat, 15) >> (13 - z),
         dataset, surveillance_type, status, sum(sign), sum(sign * lon), sum(sign * lat)
  FROM (
    SELECT ST_X(location) AS lon, ST_Y(location) AS lat, dataset, surveillance_type, status,
           -1 AS sign FROM old_rows
  ) AS d
  CROSS JOIN generate_series(0, 13) AS z
  GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(sign) <> 0 OR sum(sign * lon) <> 0 OR sum(sign * lat) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (zoom, cell_x, cell_y, dataset, surveillance_type, status) DO UPDATE
  SET count = t.count + excluded.count, sum_lon = t.sum_lon + excluded.sum_lon,
      sum_lat = t.sum_lat + excluded.sum_lat;
  DELETE FROM maps_tilecell WHERE count = 0;
  RETURN NULL;
END $$;

-- Applies up to `batch` queued deltas (taken oldest first, skipping those another applier
-- holds) at every cluster zoom, in the triggers' order; bumps the data version when it applied
-- any. Returns how many it took.
CREATE OR REPLACE FUNCTION maps_tilecell_apply_pending(batch integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  taken_count integer;
BEGIN
  WITH taken AS (
    DELETE FROM maps_tilecellpending WHERE id IN (
      SELECT id FROM maps_tilecellpending ORDER BY id LIMIT batch FOR UPDATE SKIP LOCKED)
    RETURNING *
  ), applied AS (
    INSERT INTO maps_tilecell AS t
      (zoom, cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
    SELECT z, cell_x >> (13 - z), cell_y >> (13 - z), dataset, surveillance_type, status,
           sum(count), sum(sum_lon), sum(sum_lat)
    FROM taken CROSS JOIN generate_series(0, 13) AS z
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(count) <> 0 OR sum(sum_lon) <> 0 OR sum(sum_lat) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (zoom, cell_x, cell_y, dataset, surveillance_type, status) DO UPDATE
    SET count = t.count + excluded.count, sum_lon = t.sum_lon + excluded.sum_lon,
        sum_lat = t.sum_lat + excluded.sum_lat
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM taken) INTO taken_count FROM (SELECT count(*) FROM applied) AS a;
  IF taken_count > 0 THEN
    DELETE FROM maps_tilecell WHERE count = 0;
    UPDATE maps_dataversion SET version = version + 1 WHERE id = 1;
  END IF;
  RETURN taken_count;
END $$;
