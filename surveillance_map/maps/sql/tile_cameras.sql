-- One tile of single cameras: the MVT geometry takes z, x, y; the conditions follow.
SELECT ST_AsMVT(t, 'cameras', {extent}, 'geom', 'id') FROM (
  SELECT {columns}, {geom} AS geom
  FROM cameras_camera c
  LEFT JOIN transparency_operator o ON o.id = c.operator_id
  LEFT JOIN transparency_vendor v ON v.id = c.vendor_id
  LEFT JOIN transparency_program p ON p.id = c.program_id
  WHERE {where}
) t
