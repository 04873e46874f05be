to_tsvector('simple', cameras_camera.name || ' ' || cameras_camera.model || ' ' || cameras_camera.brand || ' ' || cameras_camera.manufacturer)
