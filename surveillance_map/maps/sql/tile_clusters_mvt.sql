-- Cells (cell_x, cell_y, surveillance_type, n, slon, slat) → one point per cell with its count
-- and the type most of its cameras have.
, cells AS (
  SELECT sum(n)::integer AS count, sum(slon) / sum(n) AS lon, sum(slat) / sum(n) AS lat,
         (array_agg(NULLIF(surveillance_type, '') ORDER BY n DESC, surveillance_type))[1] AS type
  FROM per_type WHERE cell_x BETWEEN %s AND %s AND cell_y BETWEEN %s AND %s
  GROUP BY cell_x, cell_y
)
SELECT ST_AsMVT(t, 'clusters', {extent}, 'geom') FROM (
  SELECT count, type, {geom} AS geom
  FROM cells
) t
