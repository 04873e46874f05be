"""The country and place indexes without their pattern-ops twins.

`db_index=True` on a CharField gives PostgreSQL two indexes: a plain one and a
`varchar_pattern_ops` one for LIKE 'x%'. Both columns are only compared whole (`=`, `IN`), so
the second one was maintained by every camera write for nothing (about 1.7 s of a 560,000-camera
import each). The plain index is kept and renamed, not built again.
"""

from django.db import migrations, models

# (field, old index name, new index name)
INDEXES = [
    ("country", "cameras_camera_country_2d62e00f", "camera_country"),
    ("place", "cameras_camera_place_44ba6042", "camera_place"),
]


def forwards(apps, schema_editor):
    for field, old, new in INDEXES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {old}_like")
            schema_editor.execute(f"ALTER INDEX IF EXISTS {old} RENAME TO {new}")
        else:  # SQLite cannot rename an index
            schema_editor.execute(f"DROP INDEX IF EXISTS {old}")
            schema_editor.execute(f"CREATE INDEX {new} ON cameras_camera ({field})")


def backwards(apps, schema_editor):
    for field, old, new in INDEXES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER INDEX IF EXISTS {new} RENAME TO {old}")
            schema_editor.execute(
                f"CREATE INDEX {old}_like ON cameras_camera ({field} varchar_pattern_ops)"
            )
        else:
            schema_editor.execute(f"DROP INDEX IF EXISTS {new}")
            schema_editor.execute(f"CREATE INDEX {old} ON cameras_camera ({field})")


class Migration(migrations.Migration):
    dependencies = [("cameras", "0007_camera_capability_codes_spatial_key")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *(
                    migrations.AlterField(
                        model_name="camera",
                        name=field,
                        field=models.CharField(
                            blank=True,
                            db_default="",
                            default="",
                            editable=False,
                            help_text=help_text,
                            max_length=length,
                        ),
                    )
                    for field, length, help_text in [
                        ("country", 2, "ISO 3166-1 alpha-2 code of the nearest gazetteer place."),
                        ("place", 200, "Nearest place in the offline gazetteer (GeoNames)."),
                    ]
                ),
                *(
                    migrations.AddIndex(
                        model_name="camera", index=models.Index(fields=[field], name=new)
                    )
                    for field, _, new in INDEXES
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        )
    ]
