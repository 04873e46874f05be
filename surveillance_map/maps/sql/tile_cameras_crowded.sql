-- A tile of single cameras (zooms 14-16) where a 64 px cell holds at most {crowded} of them,
-- and one cluster per cell that holds more: in a dense city a tile then carries a few hundred
-- points, not thousands. The drawn columns are few and small (the popup fetches the rest), so
-- they ride along the window instead of a second read of each camera drawn. Cells are
-- addressed at the tile's grid zoom; the tile's margin is exactly one ring of cells, so every
-- cell's count is whole. Parameters: grid zoom twice, the conditions, then z, x, y twice.
WITH placed AS (
  SELECT {columns}, c.location, c.surveillance_type,
         maps_cell_x(ST_X(c.location), %s) AS cell_x, maps_cell_y(ST_Y(c.location), %s) AS cell_y
  FROM cameras_camera c WHERE {where}
), counted AS (
  SELECT *, count(*) OVER (PARTITION BY cell_x, cell_y) AS crowd FROM placed
), per_type AS (
  SELECT cell_x, cell_y, surveillance_type, count(*) AS n, sum(ST_X(location)) AS slon,
         sum(ST_Y(location)) AS slat
  FROM counted WHERE crowd > {crowded}
  GROUP BY 1, 2, 3
), cells AS (
  SELECT sum(n)::integer AS count, sum(slon) / sum(n) AS lon, sum(slat) / sum(n) AS lat,
         (array_agg(NULLIF(surveillance_type, '') ORDER BY n DESC, surveillance_type))[1] AS type
  FROM per_type GROUP BY cell_x, cell_y
)
SELECT COALESCE((
  SELECT ST_AsMVT(t, 'cameras', {extent}, 'geom', 'id') FROM (
    SELECT {names}, {camera_geom} AS geom FROM counted WHERE crowd <= {crowded}
  ) t), ''::bytea) || COALESCE((
  SELECT ST_AsMVT(t, 'clusters', {extent}, 'geom') FROM (
    SELECT count, type, {cluster_geom} AS geom FROM cells
  ) t), ''::bytea)
