DROP FUNCTION IF EXISTS maps_tilecell_insert() CASCADE;
DROP FUNCTION IF EXISTS maps_tilecell_update() CASCADE;
DROP FUNCTION IF EXISTS maps_tilecell_delete() CASCADE;
DROP FUNCTION IF EXISTS maps_tilecell_rebuild();
DROP FUNCTION IF EXISTS maps_bump_data_version() CASCADE;
DROP FUNCTION IF EXISTS maps_cell_x(double precision, integer);
DROP FUNCTION IF EXISTS maps_cell_y(double precision, integer);
