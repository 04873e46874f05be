"""One function applies cell deltas (maps/sql/tile_cells.sql: maps_tilecell_apply), for the
triggers and for the queue of imports alike; one trigger function for insert, update and
delete. Runs the files again and drops the three trigger functions it replaces.
"""

from django.db import migrations

from surveillance_map.lib.sql import read_sql


def functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(read_sql(__file__, "tile_cells.sql"))
        schema_editor.execute(read_sql(__file__, "tile_cell_triggers.sql"))


class Migration(migrations.Migration):
    dependencies = [("maps", "0006_page_version")]

    operations = [migrations.RunPython(functions, migrations.RunPython.noop)]
