"""Two derived columns for the hot read paths: capability codes and the spatial key.

Both are filled in here for the cameras already stored; from then on the camera services keep
them (and the synthetic generator's SQL, through cameras_spatial_key of sql/spatial_key.sql).
The spatial key's index is built after the backfill, which is quicker than updating it.
"""

from django.db import migrations, models

from surveillance_map.lib.sql import read_sql

BACKFILL = """
UPDATE cameras_camera AS c SET
  capability_codes = COALESCE((
    SELECT string_agg(cap.code, ',' ORDER BY cap.code)
    FROM cameras_camera_capabilities cc JOIN cameras_capability cap ON cap.id = cc.capability_id
    WHERE cc.camera_id = c.id), ''),
  spatial_key = cameras_spatial_key(ST_X(c.location), ST_Y(c.location))
"""


def backfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(read_sql(__file__, "spatial_key.sql"))
        # Neither column is in a tile cell: the cell triggers need not recount anything.
        schema_editor.execute("SET LOCAL maps.defer_tile_cells = on")
        schema_editor.execute(BACKFILL)
        schema_editor.execute("SET LOCAL maps.defer_tile_cells = off")
        return
    from surveillance_map.cameras.spatial import spatial_key

    Camera = apps.get_model("cameras", "Camera")
    Link = apps.get_model("cameras", "CameraCapability")
    codes = {}
    for camera_id, code in Link.objects.order_by("capability__code").values_list(
        "camera_id", "capability__code"
    ):
        codes.setdefault(camera_id, []).append(code)
    cameras = list(Camera.objects.only("id", "location"))
    for camera in cameras:
        camera.capability_codes = ",".join(codes.get(camera.pk, []))
        camera.spatial_key = spatial_key(camera.location.x, camera.location.y)
    Camera.objects.bulk_update(cameras, ["capability_codes", "spatial_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("cameras", "0006_claim_basis_data")]

    operations = [
        migrations.AddField(
            model_name="camera",
            name="capability_codes",
            field=models.CharField(
                blank=True, db_default="", default="", editable=False, max_length=1000
            ),
        ),
        migrations.AddField(
            model_name="camera",
            name="spatial_key",
            field=models.BigIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="camera",
            index=models.Index(fields=["spatial_key", "id"], name="camera_spatial_key"),
        ),
    ]
