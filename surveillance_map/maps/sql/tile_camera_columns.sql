c.id, NULLIF(c.name, '') AS name, NULLIF(c.surveillance_type, '') AS type,
  NULLIF(c.camera_type, '') AS camera_type, c.status, c.direction, c.direction_from,
  c.direction_to, c.angle_of_view, o.name AS operator, NULLIF(o.operator_type, '') AS operator_type,
  v.name AS vendor, NULLIF(v.country_of_origin, '') AS vendor_country, p.name AS program,
  (SELECT string_agg(cap.code, ',' ORDER BY cap.code)
   FROM cameras_camera_capabilities cc JOIN cameras_capability cap ON cap.id = cc.capability_id
   WHERE cc.camera_id = c.id) AS capabilities,
  c.last_verified::text AS last_verified
