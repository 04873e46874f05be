"""Full-text index for the map's camera search (PostGIS only; SpatiaLite uses LIKE).

The indexed expression is maps/sql/camera_search_text.sql, which the search query reads too.
"""

from django.db import migrations

from surveillance_map.lib.sql import read_sql


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        expression = read_sql(__file__, "camera_search_text.sql").strip()
        schema_editor.execute(
            f"CREATE INDEX maps_camera_search ON cameras_camera USING gin (({expression}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS maps_camera_search")


class Migration(migrations.Migration):
    dependencies = [("maps", "0002_triggers")]

    operations = [migrations.RunPython(create, drop)]
