"""Triggers that keep TileCell and DataVersion current on every write, whatever its path.

PostgreSQL: statement-level triggers with transition tables (maps/sql/), so a bulk insert of
100,000 rows is one grouped upsert, not 100,000. SQLite (the embedded demo) only bumps the data
version; its tiles aggregate on the fly.
"""

from django.db import migrations

from surveillance_map.lib.sql import read_sql, sql_blocks


def create(apps, schema_editor):
    apps.get_model("maps", "DataVersion").objects.update_or_create(pk=1, defaults={"version": 1})
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(read_sql(__file__, "tile_cells.sql"))
        schema_editor.execute(read_sql(__file__, "tile_cell_triggers.sql"))
        schema_editor.execute("SELECT maps_tilecell_rebuild()")
    elif vendor == "sqlite":
        for statement in sql_blocks(read_sql(__file__, "sqlite_data_version.sql")):
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(read_sql(__file__, "drop_tile_cells.sql"))
    elif schema_editor.connection.vendor == "sqlite":
        for statement in sql_blocks(read_sql(__file__, "sqlite_data_version.sql")):
            name = statement.split()[2]
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("maps", "0001_initial"),
        ("cameras", "0003_capability_vocabulary"),
        ("transparency", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
