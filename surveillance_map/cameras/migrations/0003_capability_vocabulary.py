from django.db import migrations

from surveillance_map.cameras.vocabularies import sync_capabilities


def add_capabilities(apps, schema_editor):
    sync_capabilities(apps.get_model("cameras", "Capability"))


class Migration(migrations.Migration):
    dependencies = [("cameras", "0002_initial")]

    operations = [migrations.RunPython(add_capabilities, migrations.RunPython.noop)]
