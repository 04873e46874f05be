-- The triggers that run tile_cells.sql's functions on every write, whatever its path.
-- Every statement is CREATE OR REPLACE or IF EXISTS: a migration may run this file again.

CREATE OR REPLACE TRIGGER maps_tilecell_insert AFTER INSERT ON cameras_camera
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION maps_tilecell_track();

CREATE OR REPLACE TRIGGER maps_tilecell_update AFTER UPDATE ON cameras_camera
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION maps_tilecell_track();

CREATE OR REPLACE TRIGGER maps_tilecell_delete AFTER DELETE ON cameras_camera
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION maps_tilecell_track();

-- One function per operation before maps_tilecell_track.
DROP FUNCTION IF EXISTS maps_tilecell_insert();
DROP FUNCTION IF EXISTS maps_tilecell_update();
DROP FUNCTION IF EXISTS maps_tilecell_delete();

-- Tables whose changes alter what a tile shows (cameras, and names/countries in popups).
CREATE OR REPLACE TRIGGER maps_version_cameras_camera
  AFTER INSERT OR UPDATE OR DELETE ON cameras_camera
  FOR EACH STATEMENT EXECUTE FUNCTION maps_bump_data_version();
CREATE OR REPLACE TRIGGER maps_version_cameras_camera_capabilities
  AFTER INSERT OR UPDATE OR DELETE ON cameras_camera_capabilities
  FOR EACH STATEMENT EXECUTE FUNCTION maps_bump_data_version();
CREATE OR REPLACE TRIGGER maps_version_transparency_operator
  AFTER INSERT OR UPDATE OR DELETE ON transparency_operator
  FOR EACH STATEMENT EXECUTE FUNCTION maps_bump_data_version();
CREATE OR REPLACE TRIGGER maps_version_transparency_vendor
  AFTER INSERT OR UPDATE OR DELETE ON transparency_vendor
  FOR EACH STATEMENT EXECUTE FUNCTION maps_bump_data_version();
CREATE OR REPLACE TRIGGER maps_version_transparency_program
  AFTER INSERT OR UPDATE OR DELETE ON transparency_program
  FOR EACH STATEMENT EXECUTE FUNCTION maps_bump_data_version();
