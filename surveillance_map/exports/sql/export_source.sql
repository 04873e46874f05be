-- The cameras an export writes, with what every format reads of their operator, vendor,
-- program, capabilities (with each claim's basis) and sources (names and licences). `o` names
-- the raw tags. Names from the small tables are escaped as
-- JSON once per row of those tables (OFFSET 0 keeps PostgreSQL from inlining the subqueries and
-- escaping them again for every camera). Capabilities and sources are aggregated once for the
-- selected cameras (postgis._source fills in how their ids are matched) and hash-joined:
-- cheaper than one aggregate per row.
FROM cameras_camera c
CROSS JOIN LATERAL (SELECT c.original_tags AS o) raw
LEFT JOIN (
  SELECT *, to_json(name)::text AS name_json,
    to_json(NULLIF(operator_type, 'unknown'))::text AS type_json,
    to_json(NULLIF(wikidata, ''))::text AS wikidata_json
  FROM transparency_operator OFFSET 0) op ON op.id = c.operator_id
LEFT JOIN (
  SELECT *, to_json(name)::text AS name_json,
    to_json(NULLIF(wikidata, ''))::text AS wikidata_json,
    to_json(NULLIF(country_of_origin, ''))::text AS country_json
  FROM transparency_vendor OFFSET 0) v ON v.id = c.vendor_id
LEFT JOIN (
  SELECT *, to_json(name)::text AS name_json FROM transparency_program OFFSET 0
) p ON p.id = c.program_id
LEFT JOIN (
  SELECT camera_id, codes, to_json(codes)::text AS codes_json,
    bases, to_json(bases)::text AS bases_json FROM (
    SELECT cc.camera_id, string_agg(cap.code, ';' ORDER BY cap.code) AS codes,
      string_agg(cap.code || ':' || cc.basis, ';' ORDER BY cap.code) AS bases
    FROM cameras_camera_capabilities cc JOIN cameras_capability cap ON cap.id = cc.capability_id
    WHERE cc.camera_id {of_ids}
    GROUP BY cc.camera_id) grouped) caps ON caps.camera_id = c.id
LEFT JOIN (
  SELECT camera_id, names, licences FROM (
    SELECT r.camera_id, string_agg(DISTINCT s.name, ';' ORDER BY s.name) AS names,
      string_agg(DISTINCT NULLIF(s.licence, ''), ';' ORDER BY NULLIF(s.licence, '')) AS licences
    FROM imports_sourcerecord r JOIN imports_source s ON s.id = r.source_id
    WHERE r.camera_id {of_ids}
    GROUP BY r.camera_id) grouped) src ON src.camera_id = c.id
