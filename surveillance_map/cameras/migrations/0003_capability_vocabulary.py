from django.db import migrations

from surveillance_map.cameras.vocabularies import CAPABILITIES


def add_capabilities(apps, schema_editor):
    Capability = apps.get_model("cameras", "Capability")
    for code, name in CAPABILITIES.items():
        Capability.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("cameras", "0002_initial")]

    operations = [migrations.RunPython(add_capabilities, migrations.RunPython.noop)]
