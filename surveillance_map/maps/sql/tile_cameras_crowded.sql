-- A tile of single cameras (zooms 14-16) where a 64 px cell holds at most {crowded} of them,
-- and one cluster per cell that holds more: in a dense city a tile then carries a few hundred
-- points, not thousands, and the popup columns are read only for the cameras drawn. Cells are
-- addressed at the tile's grid zoom; the tile's margin is exactly one ring of cells, so every
-- cell's count is whole. Parameters: grid zoom twice, the conditions, then z, x, y twice.
WITH placed AS (
  SELECT c.id, c.location, c.surveillance_type,
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
    SELECT {columns}, {camera_geom} AS geom
    FROM counted k
    JOIN cameras_camera c ON c.id = k.id
    LEFT JOIN transparency_operator o ON o.id = c.operator_id
    LEFT JOIN transparency_vendor v ON v.id = c.vendor_id
    LEFT JOIN transparency_program p ON p.id = c.program_id
    WHERE k.crowd <= {crowded}
  ) t), ''::bytea) || COALESCE((
  SELECT ST_AsMVT(t, 'clusters', {extent}, 'geom') FROM (
    SELECT count, type, {cluster_geom} AS geom FROM cells
  ) t), ''::bytea)
