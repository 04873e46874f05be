-- A cluster tile aggregated from the cameras, for filters the cells do not have.
WITH per_type AS (
  SELECT maps_cell_x(ST_X(c.location), {fine_zoom}) >> %s AS cell_x,
         maps_cell_y(ST_Y(c.location), {fine_zoom}) >> %s AS cell_y,
         c.surveillance_type, count(*) AS n, sum(ST_X(c.location)) AS slon,
         sum(ST_Y(c.location)) AS slat
  FROM cameras_camera c WHERE {where}
  GROUP BY 1, 2, 3
) {clusters}
