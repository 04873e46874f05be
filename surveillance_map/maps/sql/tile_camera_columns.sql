c.id, NULLIF(c.surveillance_type, '') AS type, NULLIF(c.camera_type, '') AS camera_type,
  c.status, c.direction, c.direction_from, c.direction_to, c.angle_of_view,
  c.last_verified::text AS last_verified
