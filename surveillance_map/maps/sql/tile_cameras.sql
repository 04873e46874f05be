-- One tile of single cameras: the MVT geometry takes z, x, y; the conditions follow.
SELECT ST_AsMVT(t, 'cameras', {extent}, 'geom', 'id') FROM (
  SELECT {columns}, {geom} AS geom
  FROM cameras_camera c
  WHERE {where}
) t
