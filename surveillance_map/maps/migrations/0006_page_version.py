"""The camera pages' version: row 2 of maps_dataversion, moved by triggers on the tables a
camera page shows beyond the cameras (maps/sql/page_version.sql)."""

from django.db import migrations

from surveillance_map.lib.sql import read_sql, sql_blocks


def create(apps, schema_editor):
    apps.get_model("maps", "DataVersion").objects.update_or_create(pk=2, defaults={"version": 1})
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(read_sql(__file__, "page_version.sql"))
    elif vendor == "sqlite":
        for statement in sql_blocks(read_sql(__file__, "sqlite_page_version.sql")):
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in sql_blocks(read_sql(__file__, "page_version.sql"))[1:]:
            name, table = statement.split()[4], statement.split()[12]
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        schema_editor.execute("DROP FUNCTION IF EXISTS maps_bump_page_version()")
    elif vendor == "sqlite":
        for statement in sql_blocks(read_sql(__file__, "sqlite_page_version.sql")):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
    apps.get_model("maps", "DataVersion").objects.filter(pk=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("maps", "0005_queued_tile_cells"),
        ("sightings", "0004_merge_0003_review_0003_sighting_placed_at_zoom"),
        ("transparency", "0003_evidence_basis_attribution"),
        ("imports", "0002_sync_and_links"),
    ]

    operations = [migrations.RunPython(create, drop)]
