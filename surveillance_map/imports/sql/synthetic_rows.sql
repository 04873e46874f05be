-- Synthetic camera rows, numbered from first to last: state fields, location, capabilities.
-- Every value is a function of the row number and the seed: each random draw is a uniform
-- number u_<name> = hash(n, seed * 100 + salt) (the draws list below); the fragments in braces
-- are filled in from the distributions in imports/synthetic.py.
SELECT nextval(%(sequence)s) AS id,  -- coordinates rounded as services.camera_state does
    round((lon - 360 * floor((lon + 180) / 360)) * 1e7) / 1e7 AS lon,
    round(least(greatest(lat, -89.9), 89.9) * 1e7) / 1e7 AS lat,
    ''::text AS name, surveillance_type, camera_type, mount, zone, placement,
    direction::smallint, direction_from::smallint, direction_to::smallint,
    angle_of_view::smallint, tilt::smallint, height, operator_id::bigint, vendor_id::bigint,
    CASE WHEN operator_id IS NULL THEN '' ELSE 'tagged' END AS operator_basis,
    CASE WHEN vendor_id IS NULL THEN '' ELSE 'tagged' END AS vendor_basis,
    ''::text AS program_basis, '{{}}'::jsonb AS claim_evidence,
    ''::text AS manufacturer, ''::text AS brand, ''::text AS model,
    NULL::bigint AS program_id, status,
    DATE '1970-01-01' + first_day AS first_seen,
    DATE '1970-01-01' + first_day + CASE WHEN u_last_has < 0.7
        THEN floor(u_last * ({last_day_after} - first_day))::int END AS last_verified,
    NULL::bigint AS osm_id, '{{}}'::jsonb AS extra_tags, '{{}}'::jsonb AS original_tags,
    '{synthetic}'::text AS dataset,
    array_remove(ARRAY[{capabilities}]::text[], NULL) AS capabilities
FROM (
    SELECT *,
        CASE WHEN u_place < {city_share}
            THEN {city_lat} + {gauss} * cos(2 * pi() * u_gauss_a)
                * {sigma}[city_n] / 111.32
            ELSE {south}[box_n] + u_gauss_r * ({north}[box_n] - {south}[box_n])
        END AS lat,
        CASE WHEN u_place < {city_share}
            THEN {lons}[city_n] + {gauss} * sin(2 * pi() * u_gauss_a)
                * {sigma}[city_n] / (111.32 * cos(radians({city_lat})))
            ELSE {west}[box_n] + u_gauss_a * ({east}[box_n] - {west}[box_n])
        END AS lon,
        {surveillance_type} AS surveillance_type,
        {camera_type} AS camera_type,
        {mount} AS mount,
        {zone} AS zone,
        {placement} AS placement,
        {status} AS status,
        CASE WHEN u_shape < 0.6 THEN floor(u_direction * 360) END AS direction,
        CASE WHEN u_shape >= 0.6 AND u_shape < 0.7 THEN floor(u_direction * 360) END
            AS direction_from,
        CASE WHEN u_shape >= 0.6 AND u_shape < 0.7
            THEN mod((floor(u_direction * 360) + 30 + floor(u_span * 151))::int, 360) END
            AS direction_to,
        CASE WHEN u_aov_has < 0.5 THEN {angle_of_view} END AS angle_of_view,
        CASE WHEN u_tilt_has < 0.5 THEN -floor(u_tilt * 61) END AS tilt,
        CASE WHEN u_height_has < 0.6 THEN round((2.5 + u_height * 9.5) * 10) / 10 END
            AS height,
        CASE WHEN u_operator_has < 0.4
            THEN {operators}[1 + floor(u_operator * {operator_count})::int]
        END AS operator_id,
        CASE WHEN u_vendor_has < 0.5
            THEN {vendors}[1 + floor(u_vendor * {vendor_count})::int]
        END AS vendor_id,
        CASE WHEN u_first_has < 0.7
            THEN {first_day} + floor(u_first * {day_span})::int END AS first_day
    FROM (
        SELECT *, {city} AS city_n, {box} AS box_n
        FROM (SELECT n, {draws} FROM generate_series(%(first)s, %(last)s) AS n) AS d
        OFFSET 0
    ) AS picked
    OFFSET 0
) AS g
