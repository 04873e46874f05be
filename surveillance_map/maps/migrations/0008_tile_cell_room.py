"""Tile cells bloat less: their updates can be HOT (the partial index on empty cells, which
named `count`, is dropped; emptied cells are deleted by their keys, maps/sql/tile_cells.sql),
autovacuum comes sooner (maps/sql/tile_cell_storage.sql), and a rebuild packs the key index.
The cells are rebuilt here, so existing databases get the packed index (about 15 s at a
million cameras).
"""

from django.db import migrations

from surveillance_map.lib.sql import read_sql


def storage(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(read_sql(__file__, "tile_cells.sql"))
        schema_editor.execute(read_sql(__file__, "tile_cell_storage.sql"))
        schema_editor.execute("DELETE FROM maps_tilecellpending")  # the rebuild counts them in
        schema_editor.execute("SELECT maps_tilecell_rebuild()")


def default_storage(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE maps_tilecell RESET (autovacuum_vacuum_scale_factor, "
            "autovacuum_vacuum_threshold, autovacuum_analyze_scale_factor)"
        )


class Migration(migrations.Migration):
    dependencies = [("maps", "0007_tile_cell_deltas")]

    operations = [
        migrations.RemoveIndex(model_name="tilecell", name="maps_tilecell_empty"),
        migrations.RunPython(storage, default_storage),
    ]
