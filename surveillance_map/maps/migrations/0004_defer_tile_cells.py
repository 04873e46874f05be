"""Let bulk loads skip per-statement cell upkeep (see cells.tile_cells_deferred).

Upserting the cells of 100,000 new cameras into a populated table costs about 7 s; rebuilding
every cell of 1,000,000 cameras about 15 s. So a million-row load defers and rebuilds once.
"""

from django.db import migrations

DEFER_CHECK = """
  IF current_setting('maps.defer_tile_cells', true) = 'on' THEN
    RETURN NULL;
  END IF;
"""


def _functions(apps, schema_editor, *, deferrable: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # Migration 0002 holds the function bodies; the defer check goes in front of them.
    from importlib import import_module

    triggers = import_module("surveillance_map.maps.migrations.0002_triggers")
    for op, (event, tables, delta) in triggers.APPLY_TRIGGERS.items():
        body = triggers.APPLY_FUNCTION.format(op=op, event=event, tables=tables, delta=delta)
        body = body[: body.index("CREATE TRIGGER")]  # the function only; the trigger stays
        body = body.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
        if deferrable:
            body = body.replace("BEGIN\n", "BEGIN" + DEFER_CHECK, 1)
        schema_editor.execute(body)


def forwards(apps, schema_editor):
    _functions(apps, schema_editor, deferrable=True)


def backwards(apps, schema_editor):
    _functions(apps, schema_editor, deferrable=False)


class Migration(migrations.Migration):
    dependencies = [("maps", "0003_camera_search_index")]

    operations = [migrations.RunPython(forwards, backwards)]
