-- The camera pages' version on the embedded database (see page_version.sql).
-- One statement per block: blocks are separated by a blank line.

CREATE TRIGGER maps_page_version_sightings_sighting_insert AFTER INSERT ON sightings_sighting
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_sightings_sighting_update AFTER UPDATE ON sightings_sighting
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_sightings_sighting_delete AFTER DELETE ON sightings_sighting
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_sightings_sightingphoto_insert AFTER INSERT ON sightings_sightingphoto
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_sightings_sightingphoto_update AFTER UPDATE ON sightings_sightingphoto
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_sightings_sightingphoto_delete AFTER DELETE ON sightings_sightingphoto
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_sightings_moderationaction_insert AFTER INSERT ON sightings_moderationaction
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_sightings_moderationaction_update AFTER UPDATE ON sightings_moderationaction
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_sightings_moderationaction_delete AFTER DELETE ON sightings_moderationaction
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_transparency_evidence_insert AFTER INSERT ON transparency_evidence
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_transparency_evidence_update AFTER UPDATE ON transparency_evidence
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_transparency_evidence_delete AFTER DELETE ON transparency_evidence
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_imports_source_insert AFTER INSERT ON imports_source
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_imports_source_update AFTER UPDATE ON imports_source
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_imports_source_delete AFTER DELETE ON imports_source
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_imports_sourcerecord_insert AFTER INSERT ON imports_sourcerecord
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_imports_sourcerecord_update AFTER UPDATE ON imports_sourcerecord
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END

CREATE TRIGGER maps_page_version_imports_sourcerecord_delete AFTER DELETE ON imports_sourcerecord
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 2; END
