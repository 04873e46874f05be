# Synthetic operators and vendors (benchmarks) are marked, so nothing public shows them.

from django.db import migrations, models


def mark_synthetic(apps, schema_editor):
    """Operators and vendors made by generate_cameras before they carried a dataset."""
    for model, prefix in (("Operator", "synthetic-operator-"), ("Vendor", "synthetic-vendor-")):
        apps.get_model("transparency", model).objects.filter(slug__startswith=prefix).update(
            dataset="synthetic"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('transparency', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='operator',
            name='dataset',
            field=models.CharField(choices=[('real', 'Real'), ('synthetic', 'Synthetic (benchmarks only)')], db_default='real', default='real', max_length=10),
        ),
        migrations.AddField(
            model_name='vendor',
            name='dataset',
            field=models.CharField(choices=[('real', 'Real'), ('synthetic', 'Synthetic (benchmarks only)')], db_default='real', default='real', max_length=10),
        ),
        migrations.RunPython(mark_synthetic, migrations.RunPython.noop),
    ]
