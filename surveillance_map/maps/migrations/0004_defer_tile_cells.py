"""Let bulk loads skip per-statement cell upkeep (see cells.tile_cells_deferred).

Upserting the cells of 100,000 new cameras into a populated table costs about 7 s; rebuilding
every cell of 1,000,000 cameras about 15 s. So a million-row load defers and rebuilds once.
The functions in maps/sql/tile_cells.sql carry the check; this runs the file again on
databases created before it did.
"""

from django.db import migrations

from surveillance_map.lib.sql import read_sql


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(read_sql(__file__, "tile_cells.sql"))


class Migration(migrations.Migration):
    dependencies = [("maps", "0003_camera_search_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
