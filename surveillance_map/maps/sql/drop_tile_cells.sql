DROP FUNCTION IF EXISTS maps_tilecell_track() CASCADE;
DROP FUNCTION IF EXISTS maps_tilecell_apply_pending(integer);
DROP FUNCTION IF EXISTS maps_tilecell_apply(maps_tilecell_delta[]);
DROP FUNCTION IF EXISTS maps_tilecell_camera_delta(geometry, varchar, varchar, varchar, integer);
DROP TYPE IF EXISTS maps_tilecell_delta;
DROP FUNCTION IF EXISTS maps_tilecell_rebuild();
DROP FUNCTION IF EXISTS maps_bump_data_version() CASCADE;
DROP FUNCTION IF EXISTS maps_cell_x(double precision, integer);
DROP FUNCTION IF EXISTS maps_cell_y(double precision, integer);
