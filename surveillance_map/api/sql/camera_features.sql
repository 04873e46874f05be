-- A page of cameras as a JSON array of GeoJSON features, in the order of the ids given: what
-- CameraFeatureSerializer writes (api/features.py fills in the properties).
SELECT COALESCE(json_agg(json_build_object(
    'id', c.id,
    'type', 'Feature',
    'geometry', ST_AsGeoJSON(c.location, 15)::json,
    'properties', json_build_object({properties})
  ) ORDER BY page.n)::text, '[]')
FROM unnest(%s::bigint[]) WITH ORDINALITY AS page (id, n)
JOIN cameras_camera c ON c.id = page.id
LEFT JOIN transparency_operator op ON op.id = c.operator_id
LEFT JOIN transparency_vendor v ON v.id = c.vendor_id
LEFT JOIN transparency_program p ON p.id = c.program_id
