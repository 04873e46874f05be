-- The camera pages' version (maps_dataversion row 2): goes up with every write to what a
-- camera page shows beyond the cameras and their names (which move row 1, the data version):
-- sightings, their photos and confirmations, evidence, sources. Keys the pages' cache.

CREATE OR REPLACE FUNCTION maps_bump_page_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- As maps_bump_data_version: a long import bumps once, at its end (cells.tile_cells_queued).
  IF current_setting('maps.queue_tile_cells', true) = 'on' THEN
    RETURN NULL;
  END IF;
  UPDATE maps_dataversion SET version = version + 1 WHERE id = 2;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER maps_page_version_sightings_sighting
  AFTER INSERT OR UPDATE OR DELETE ON sightings_sighting
  FOR EACH STATEMENT EXECUTE FUNCTION maps_bump_page_version();

CREATE OR REPLACE TRIGGER maps_page_version_sightings_sightingphoto
  AFTER INSERT OR UPDATE OR DELETE ON sightings_sightingphoto
  FOR EACH STATEMENT EXECUTE FUNCTION maps_bump_page_version();

CREATE OR REPLACE TRIGGER maps_page_version_sightings_moderationaction
  AFTER INSERT OR UPDATE OR DELETE ON sightings_moderationaction
  FOR EACH STATEMENT EXECUTE FUNCTION maps_bump_page_version();

CREATE OR REPLACE TRIGGER maps_page_version_transparency_evidence
  AFTER INSERT OR UPDATE OR DELETE ON transparency_evidence
  FOR EACH STATEMENT EXECUTE FUNCTION maps_bump_page_version();

CREATE OR REPLACE TRIGGER maps_page_version_imports_source
  AFTER INSERT OR UPDATE OR DELETE ON imports_source
  FOR EACH STATEMENT EXECUTE FUNCTION maps_bump_page_version();

CREATE OR REPLACE TRIGGER maps_page_version_imports_sourcerecord
  AFTER INSERT OR UPDATE OR DELETE ON imports_sourcerecord
  FOR EACH STATEMENT EXECUTE FUNCTION maps_bump_page_version();
