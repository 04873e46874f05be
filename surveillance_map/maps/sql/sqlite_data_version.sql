-- The embedded database (SQLite) has no tile cells; its triggers only bump the data version.
-- One statement per block: blocks are separated by a blank line.

CREATE TRIGGER maps_version_cameras_camera_insert AFTER INSERT ON cameras_camera
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END

CREATE TRIGGER maps_version_cameras_camera_update AFTER UPDATE ON cameras_camera
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END

CREATE TRIGGER maps_version_cameras_camera_delete AFTER DELETE ON cameras_camera
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END

CREATE TRIGGER maps_version_cameras_camera_capabilities_insert AFTER INSERT ON cameras_camera_capabilities
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END

CREATE TRIGGER maps_version_cameras_camera_capabilities_update AFTER UPDATE ON cameras_camera_capabilities
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END

CREATE TRIGGER maps_version_cameras_camera_capabilities_delete AFTER DELETE ON cameras_camera_capabilities
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END

CREATE TRIGGER maps_version_transparency_operator_insert AFTER INSERT ON transparency_operator
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END

CREATE TRIGGER maps_version_transparency_operator_update AFTER UPDATE ON transparency_operator
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END

CREATE TRIGGER maps_version_transparency_operator_delete AFTER DELETE ON transparency_operator
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END

CREATE TRIGGER maps_version_transparency_vendor_insert AFTER INSERT ON transparency_vendor
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END

CREATE TRIGGER maps_version_transparency_vendor_update AFTER UPDATE ON transparency_vendor
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END

CREATE TRIGGER maps_version_transparency_vendor_delete AFTER DELETE ON transparency_vendor
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END

CREATE TRIGGER maps_version_transparency_program_insert AFTER INSERT ON transparency_program
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END

CREATE TRIGGER maps_version_transparency_program_update AFTER UPDATE ON transparency_program
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END

CREATE TRIGGER maps_version_transparency_program_delete AFTER DELETE ON transparency_program
BEGIN UPDATE maps_dataversion SET version = version + 1 WHERE id = 1; END
