-- A cluster tile from the precomputed cells (type and status filters only).
WITH per_type AS (
  SELECT cell_x, cell_y, surveillance_type, sum(count) AS n, sum(sum_lon) AS slon,
         sum(sum_lat) AS slat
  FROM maps_tilecell
  WHERE zoom = %s AND dataset = %s AND cell_x BETWEEN %s AND %s AND cell_y BETWEEN %s AND %s
    AND status = ANY(%s) {where}
  GROUP BY 1, 2, 3
) {clusters}
