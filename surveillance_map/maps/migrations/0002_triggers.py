"""Triggers that keep TileCell and DataVersion current on every write, whatever its path.

PostgreSQL: statement-level triggers with transition tables, so a bulk insert of 100,000 rows
is one grouped upsert, not 100,000. SQLite (the embedded demo) only bumps the data version;
its tiles aggregate on the fly.
"""

from django.db import migrations

# Tables whose changes alter what a tile shows (cameras, and names/countries in popups).
VERSIONED_TABLES = (
    "cameras_camera",
    "cameras_camera_capabilities",
    "transparency_operator",
    "transparency_vendor",
    "transparency_program",
)

POSTGRES_FUNCTIONS = """
CREATE FUNCTION maps_cell_x(lon double precision, n integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT least(greatest(floor((lon + 180.0) / 360.0 * (1 << n))::integer, 0), (1 << n) - 1)
$$;

CREATE FUNCTION maps_cell_y(lat double precision, n integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT least(greatest(floor(
    (1.0 - ln(tan(radians(least(greatest(lat, -85.0511287798066), 85.0511287798066)))
              + 1.0 / cos(radians(least(greatest(lat, -85.0511287798066), 85.0511287798066))))
           / pi()) / 2.0 * (1 << n))::integer, 0), (1 << n) - 1)
$$;

CREATE FUNCTION maps_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE maps_dataversion SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;

-- Rebuilds every cell: the finest cluster zoom from the cameras, each coarser one from the next.
CREATE FUNCTION maps_tilecell_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE maps_tilecell;
  INSERT INTO maps_tilecell
    (zoom, cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
  SELECT 13, maps_cell_x(ST_X(location), 15), maps_cell_y(ST_Y(location), 15),
         dataset, surveillance_type, status, count(*), sum(ST_X(location)), sum(ST_Y(location))
  FROM cameras_camera GROUP BY 1, 2, 3, 4, 5, 6;
  FOR z IN REVERSE 12..0 LOOP
    INSERT INTO maps_tilecell
      (zoom, cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
    SELECT z, cell_x >> 1, cell_y >> 1, dataset, surveillance_type, status,
           sum(count), sum(sum_lon), sum(sum_lat)
    FROM maps_tilecell WHERE zoom = z + 1 GROUP BY 1, 2, 3, 4, 5, 6;
  END LOOP;
END $$;
"""

# Adds new rows and subtracts old ones at every cluster zoom in one grouped upsert; `{delta}`
# reads the statement's transition tables (which differ for INSERT, UPDATE and DELETE).
APPLY_FUNCTION = """
CREATE FUNCTION maps_tilecell_{op}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO maps_tilecell AS t
    (zoom, cell_x, cell_y, dataset, surveillance_type, status, count, sum_lon, sum_lat)
  SELECT z, maps_cell_x(lon, 15) >> (13 - z), maps_cell_y(lat, 15) >> (13 - z),
         dataset, surveillance_type, status, sum(sign), sum(sign * lon), sum(sign * lat)
  FROM ({delta}) d
  CROSS JOIN generate_series(0, 13) AS z
  GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(sign) <> 0 OR sum(sign * lon) <> 0 OR sum(sign * lat) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (zoom, cell_x, cell_y, dataset, surveillance_type, status) DO UPDATE
  SET count = t.count + excluded.count, sum_lon = t.sum_lon + excluded.sum_lon,
      sum_lat = t.sum_lat + excluded.sum_lat;
  DELETE FROM maps_tilecell WHERE count = 0;
  RETURN NULL;
END $$;
CREATE TRIGGER maps_tilecell_{op} AFTER {event} ON cameras_camera
  REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION maps_tilecell_{op}();
"""
_ROWS = "SELECT ST_X(location) AS lon, ST_Y(location) AS lat, dataset, surveillance_type, status"
APPLY_TRIGGERS = {
    "insert": ("INSERT", "NEW TABLE AS new_rows", f"{_ROWS}, 1 AS sign FROM new_rows"),
    "update": (
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        f"{_ROWS}, 1 AS sign FROM new_rows UNION ALL {_ROWS}, -1 FROM old_rows",
    ),
    "delete": ("DELETE", "OLD TABLE AS old_rows", f"{_ROWS}, -1 AS sign FROM old_rows"),
}

POSTGRES_DROP = """
DROP FUNCTION IF EXISTS maps_tilecell_insert() CASCADE;
DROP FUNCTION IF EXISTS maps_tilecell_update() CASCADE;
DROP FUNCTION IF EXISTS maps_tilecell_delete() CASCADE;
DROP FUNCTION IF EXISTS maps_tilecell_rebuild();
DROP FUNCTION IF EXISTS maps_bump_data_version() CASCADE;
DROP FUNCTION IF EXISTS maps_cell_x(double precision, integer);
DROP FUNCTION IF EXISTS maps_cell_y(double precision, integer);
"""


def create(apps, schema_editor):
    apps.get_model("maps", "DataVersion").objects.update_or_create(pk=1, defaults={"version": 1})
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTIONS)
        for table in VERSIONED_TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER maps_version_{table} AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION maps_bump_data_version()"
            )
        for op, (event, tables, delta) in APPLY_TRIGGERS.items():
            schema_editor.execute(
                APPLY_FUNCTION.format(op=op, event=event, tables=tables, delta=delta)
            )
        schema_editor.execute("SELECT maps_tilecell_rebuild()")
    elif vendor == "sqlite":
        for table in VERSIONED_TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER maps_version_{table}_{event.lower()} AFTER {event} "
                    f"ON {table} BEGIN UPDATE maps_dataversion SET version = version + 1 "
                    "WHERE id = 1; END"
                )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    elif schema_editor.connection.vendor == "sqlite":
        for table in VERSIONED_TABLES:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS maps_version_{table}_{event}")


class Migration(migrations.Migration):
    dependencies = [
        ("maps", "0001_initial"),
        ("cameras", "0003_capability_vocabulary"),
        ("transparency", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
