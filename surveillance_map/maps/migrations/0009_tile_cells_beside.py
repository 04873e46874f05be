"""A large queue of cell changes is applied by rebuilding the cells beside the table and
swapping them in (maps/sql/tile_cells.sql: maps_tilecell_swap_in, maps/cells.py); camera
writes queue their changes while such a rebuild holds the cells' advisory lock. Runs the file
again.
"""

from django.db import migrations

from surveillance_map.lib.sql import read_sql


def functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(read_sql(__file__, "tile_cells.sql"))


class Migration(migrations.Migration):
    dependencies = [("maps", "0008_tile_cell_room")]

    operations = [migrations.RunPython(functions, migrations.RunPython.noop)]
