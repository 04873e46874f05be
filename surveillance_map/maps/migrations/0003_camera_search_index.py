"""Full-text index for the map's camera search (PostGIS only; SpatiaLite uses LIKE)."""

from django.db import migrations

# Must stay identical to search.CAMERA_TEXT for PostgreSQL to use the index.
EXPRESSION = (
    "to_tsvector('simple', cameras_camera.name || ' ' || cameras_camera.model || ' '"
    " || cameras_camera.brand || ' ' || cameras_camera.manufacturer)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX maps_camera_search ON cameras_camera USING gin (({EXPRESSION}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS maps_camera_search")


class Migration(migrations.Migration):
    dependencies = [("maps", "0002_triggers")]

    operations = [migrations.RunPython(create, drop)]
