"""Synthetic cameras for benchmarks: dense cities, sparse countryside, every vocabulary value.

Every row is marked `dataset=synthetic`, so it can never pass for real data, and every camera
gets its create Revision and capability links like any other. The same seed gives the same
cameras. On PostGIS the rows are built in SQL, each value a function of the row number and the
seed through `hashint8extended(n, salt)`: a million cameras in under a minute. Elsewhere the
same distributions are drawn in Python and written through `bulk.cameras_create_bulk`
(slow, for small counts).
"""

import contextlib
import math
import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from django.contrib.gis.geos import Point
from django.db import connection, transaction

from surveillance_map.cameras import bulk, services
from surveillance_map.cameras.models import STATE_FIELDS, Camera, Capability, Revision
from surveillance_map.cameras.vocabularies import (
    CameraType,
    Dataset,
    Mount,
    OperatorType,
    Placement,
    Status,
    SurveillanceType,
    Zone,
)
from surveillance_map.lib.db import is_postgis
from surveillance_map.lib.sql import read_sql
from surveillance_map.maps.cells import tile_cells_deferred, tile_cells_queued
from surveillance_map.transparency.models import Operator, Vendor

_LINKS = Camera.capabilities.through

ACTOR_LABEL = "generate_cameras"
REASON = "synthetic data for benchmarks"
CITY_SHARE = 0.85  # the rest is countryside
ZIPF_EXPONENT = 1.1  # city sizes follow a power law by rank

# City centres (name, lat, lon), roughly by size: rank sets the share of cameras and the spread.
CITIES = (
    ("London", 51.5074, -0.1278), ("Beijing", 39.9042, 116.4074), ("Shanghai", 31.2304, 121.4737),
    ("New York", 40.7128, -74.0060), ("Tokyo", 35.6762, 139.6503), ("Delhi", 28.6139, 77.2090),
    ("Moscow", 55.7558, 37.6173), ("São Paulo", -23.5505, -46.6333),
    ("Mexico City", 19.4326, -99.1332), ("Shenzhen", 22.5431, 114.0579), ("Paris", 48.8566, 2.3522),
    ("Los Angeles", 34.0522, -118.2437), ("Istanbul", 41.0082, 28.9784),
    ("Seoul", 37.5665, 126.9780), ("Cairo", 30.0444, 31.2357), ("Chicago", 41.8781, -87.6298),
    ("Mumbai", 19.0760, 72.8777), ("Berlin", 52.5200, 13.4050), ("Singapore", 1.3521, 103.8198),
    ("Lagos", 6.5244, 3.3792), ("Buenos Aires", -34.6037, -58.3816), ("Jakarta", -6.2088, 106.8456),
    ("Bangkok", 13.7563, 100.5018), ("Madrid", 40.4168, -3.7038), ("Tehran", 35.6892, 51.3890),
    ("Dubai", 25.2048, 55.2708), ("Johannesburg", -26.2041, 28.0473), ("Quito", -0.1807, -78.4678),
    ("Guayaquil", -2.1710, -79.9224), ("Bogotá", 4.7110, -74.0721), ("Lima", -12.0464, -77.0428),
    ("Santiago", -33.4489, -70.6693), ("Rome", 41.9028, 12.4964), ("Sydney", -33.8688, 151.2093),
    ("Toronto", 43.6532, -79.3832), ("Hong Kong", 22.3193, 114.1694), ("Karachi", 24.8607, 67.0011),
    ("Dhaka", 23.8103, 90.4125), ("Manila", 14.5995, 120.9842), ("Riyadh", 24.7136, 46.6753),
    ("Nairobi", -1.2921, 36.8219), ("Kyiv", 50.4501, 30.5234), ("Warsaw", 52.2297, 21.0122),
    ("Barcelona", 41.3874, 2.1686), ("Milan", 45.4642, 9.1900), ("Manchester", 53.4808, -2.2426),
    ("Birmingham", 52.4862, -1.8904), ("Amsterdam", 52.3676, 4.9041), ("Brussels", 50.8503, 4.3517),
    ("Vienna", 48.2082, 16.3738), ("Zurich", 47.3769, 8.5417), ("Geneva", 46.2044, 6.1432),
    ("Stockholm", 59.3293, 18.0686), ("Copenhagen", 55.6761, 12.5683), ("Oslo", 59.9139, 10.7522),
    ("Helsinki", 60.1699, 24.9384), ("Prague", 50.0755, 14.4378), ("Budapest", 47.4979, 19.0402),
    ("Athens", 37.9838, 23.7275), ("Lisbon", 38.7223, -9.1393), ("Dublin", 53.3498, -6.2603),
    ("Munich", 48.1351, 11.5820), ("Hamburg", 53.5511, 9.9937), ("Lyon", 45.7640, 4.8357),
    ("Washington", 38.9072, -77.0369), ("San Francisco", 37.7749, -122.4194),
    ("Atlanta", 33.7490, -84.3880), ("Houston", 29.7604, -95.3698), ("Montreal", 45.5017, -73.5673),
    ("Vancouver", 49.2827, -123.1207), ("Melbourne", -37.8136, 144.9631),
    ("Auckland", -36.8485, 174.7633), ("Dakar", 14.7167, -17.4677), ("Accra", 5.6037, -0.1870),
    ("Addis Ababa", 8.9806, 38.7578), ("Casablanca", 33.5731, -7.5898),
    ("Tel Aviv", 32.0853, 34.7818), ("Almaty", 43.2220, 76.8512), ("Tashkent", 41.2995, 69.2401),
    ("Belgrade", 44.7866, 20.4489), ("Caracas", 10.4806, -66.9036),
    ("Montevideo", -34.9011, -56.1645), ("Kuala Lumpur", 3.1390, 101.6869),
    ("Ho Chi Minh City", 10.8231, 106.6297), ("Taipei", 25.0330, 121.5654),
    ("Osaka", 34.6937, 135.5023), ("Chengdu", 30.5728, 104.0668),
)  # fmt: skip

# Rough land boxes (west, south, east, north) for countryside cameras, weighted by area.
COUNTRYSIDE = (
    (-10.0, 36.0, 30.0, 60.0),  # Europe
    (-124.0, 30.0, -70.0, 49.0),  # United States
    (-80.0, -35.0, -40.0, 0.0),  # South America
    (100.0, 22.0, 122.0, 40.0),  # Eastern China
    (68.0, 8.0, 88.0, 30.0),  # India
    (-10.0, 5.0, 40.0, 15.0),  # West and Central Africa
    (28.0, -30.0, 40.0, -2.0),  # East and Southern Africa
    (140.0, -38.0, 153.0, -25.0),  # Eastern Australia
    (130.0, 33.0, 141.0, 40.0),  # Japan
    (30.0, 45.0, 60.0, 58.0),  # Western Russia and Ukraine
)

# Value weights per field; "" is "not recorded", as in real data.
SURVEILLANCE_TYPES = {
    SurveillanceType.CAMERA: 85, SurveillanceType.ALPR: 9,
    SurveillanceType.GUARD: 3, SurveillanceType.GUNSHOT_DETECTOR: 3,
}  # fmt: skip
CAMERA_TYPES = {CameraType.FIXED: 45, CameraType.DOME: 30, CameraType.PANNING: 10, "": 15}
MOUNTS = {
    Mount.WALL: 35, Mount.POLE: 25, Mount.CEILING: 6, Mount.STREET_LAMP: 8,
    Mount.TRAFFIC_SIGNALS: 5, Mount.BUILDING: 5, Mount.ROOF: 3, Mount.MAST: 3,
    Mount.GANTRY: 3, Mount.TREE: 2, "": 5,
}  # fmt: skip
ZONES = {
    Zone.TOWN: 15, Zone.TRAFFIC: 15, Zone.PARKING: 10, Zone.SHOP: 10, Zone.BANK: 5,
    Zone.ATM: 3, Zone.BUILDING: 10, Zone.ENTRANCE: 8, Zone.PUBLIC_TRANSPORT: 6,
    Zone.AREA: 4, Zone.STREET: 6, "": 8,
}  # fmt: skip
PLACEMENTS = {Placement.PUBLIC: 55, Placement.OUTDOOR: 30, Placement.INDOOR: 10, "": 5}
STATUSES = {Status.ACTIVE: 90, Status.REMOVED: 6, Status.UNKNOWN: 4}
ANGLES_OF_VIEW = {60: 20, 90: 35, 110: 25, 180: 10, 360: 10}
# Capabilities a camera has regardless of its type, with their probability; the rest follow
# from the type (ALPR reads plates, a panning camera is PTZ, a gunshot detector detects).
CAPABILITY_ODDS = {
    "analytics": 0.08, "audio": 0.02, "cloud_connected": 0.06, "face_recognition": 0.03,
    "infrared": 0.30, "loudspeaker": 0.02, "thermal": 0.01,
}  # fmt: skip
IMPLIED_CAPABILITIES = {
    "gunshot_detection": ("surveillance_type", SurveillanceType.GUNSHOT_DETECTOR),
    "plate_reading": ("surveillance_type", SurveillanceType.ALPR),
    "ptz": ("camera_type", CameraType.PANNING),
}
OPERATOR_COUNT, VENDOR_COUNT = 12, 8
VENDOR_COUNTRIES = ("CN", "US", "DE", "JP", "KR", "SE", "IL", "NL")
BULK_THRESHOLD = 100_000
FIRST_DAY, LAST_DAY = 14610, 20400  # 2010-01-01 and 2025-11-08, as days since 1970-01-01


def city_weights() -> list[float]:
    """Share of the city cameras per city: a power law by rank, summing to 1."""
    raw = [1 / rank**ZIPF_EXPONENT for rank in range(1, len(CITIES) + 1)]
    return [w / sum(raw) for w in raw]


def city_sigmas_km() -> list[float]:
    """Spread of each city's cameras: bigger cities sprawl further."""
    weights = city_weights()
    return [2.0 + 10.0 * math.sqrt(w / weights[0]) for w in weights]


def countryside_weights() -> list[float]:
    areas = [(e - w) * (n - s) * math.cos(math.radians((n + s) / 2)) for w, s, e, n in COUNTRYSIDE]
    return [a / sum(areas) for a in areas]


def synthetic_operators() -> list[Operator]:
    """The synthetic operators (created on first use), named so nobody takes them for real."""
    types = list(OperatorType.values)
    return [
        Operator.objects.get_or_create(
            slug=f"synthetic-operator-{n}",
            defaults={
                "name": f"Synthetic operator {n}",
                "operator_type": types[n % len(types)],
                "dataset": Dataset.SYNTHETIC,
            },
        )[0]
        for n in range(1, OPERATOR_COUNT + 1)
    ]


def synthetic_vendors() -> list[Vendor]:
    return [
        Vendor.objects.get_or_create(
            slug=f"synthetic-vendor-{n}",
            defaults={
                "name": f"Synthetic vendor {n}",
                "country_of_origin": VENDOR_COUNTRIES[(n - 1) % len(VENDOR_COUNTRIES)],
                "notes": "Synthetic vendor for benchmarks; not real data.",
                "dataset": Dataset.SYNTHETIC,
            },
        )[0]
        for n in range(1, VENDOR_COUNT + 1)
    ]


def generate(
    *,
    count: int,
    seed: int = 0,
    batch_size: int = 100_000,
    progress: Callable[[int], None] | None = None,
    rebuild_indexes: bool | None = None,
) -> int:
    """Create `count` synthetic cameras with revisions and capabilities, in one transaction.

    On PostGIS, a load of BULK_THRESHOLD rows or more that is at least as big as the table
    drops the camera tables' secondary indexes and foreign keys and builds them once at the
    end, which locks those tables until the commit; `rebuild_indexes` forces the choice. Such
    a load also rebuilds the map's tile cells once at its end (cheaper than upkeep per batch,
    and the tables are locked anyway); a smaller one queues its cell changes like an import
    (maps.cells.tile_cells_queued), so the map's cells are never locked until the commit.
    """
    with transaction.atomic():
        operators = [o.pk for o in synthetic_operators()]
        vendors = [v.pk for v in synthetic_vendors()]
        if is_postgis():
            bulk = _bulk(count) if rebuild_indexes is None else rebuild_indexes
            with tile_cells_deferred() if bulk else tile_cells_queued():
                _insert_with_sql(count, seed, batch_size, operators, vendors, progress, bulk)
        else:
            _insert_with_services(count, seed, batch_size, operators, vendors, progress)
    return count


def _bulk(count: int) -> bool:
    """Whether a load of `count` cameras is a bulk load (see `generate`)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Camera._meta.db_table]
        )
        return count >= max(BULK_THRESHOLD, cursor.fetchone()[0])


def delete() -> int:
    """Delete every synthetic camera with its revisions and capability links; returns the count.

    Real cameras are untouched. Synthetic operators and vendors go too once nothing uses them.
    """
    synthetic = f"SELECT id FROM {Camera._meta.db_table} WHERE dataset = %s"
    with transaction.atomic(), tile_cells_deferred(), connection.cursor() as cursor:
        for model in (_LINKS, Revision):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE camera_id IN ({synthetic})",
                [Dataset.SYNTHETIC],
            )
        cursor.execute(
            f"DELETE FROM {Camera._meta.db_table} WHERE dataset = %s", [Dataset.SYNTHETIC]
        )
        deleted = cursor.rowcount
        Operator.objects.filter(dataset=Dataset.SYNTHETIC, camera=None).delete()
        Vendor.objects.filter(dataset=Dataset.SYNTHETIC, camera=None).delete()
    return deleted


# --- the Python path (SpatiaLite) ------------------------------------------------------------


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _location(rng: random.Random) -> tuple[float, float]:
    if rng.random() < CITY_SHARE:
        (_, lat0, lon0), sigma = rng.choices(
            list(zip(CITIES, city_sigmas_km(), strict=True)), weights=city_weights()
        )[0]
        lat = lat0 + rng.gauss(0, sigma) / 111.32
        lon = lon0 + rng.gauss(0, sigma) / (111.32 * math.cos(math.radians(lat0)))
    else:
        west, south, east, north = rng.choices(COUNTRYSIDE, weights=countryside_weights())[0]
        lon, lat = rng.uniform(west, east), rng.uniform(south, north)
    lon = (lon + 180) % 360 - 180
    return round(lon, 7), round(min(max(lat, -89.9), 89.9), 7)


def _python_write(
    rng: random.Random, operators: Sequence[int], vendors: Sequence[int]
) -> services.CameraWrite:
    fields = {
        "location": Point(*_location(rng), srid=4326),
        "surveillance_type": _pick(rng, SURVEILLANCE_TYPES),
        "camera_type": _pick(rng, CAMERA_TYPES),
        "mount": _pick(rng, MOUNTS),
        "zone": _pick(rng, ZONES),
        "placement": _pick(rng, PLACEMENTS),
        "status": _pick(rng, STATUSES),
        "dataset": Dataset.SYNTHETIC,
    }
    shape = rng.random()
    if shape < 0.6:
        fields["direction"] = rng.randrange(360)
    elif shape < 0.7:
        start = rng.randrange(360)
        fields.update(direction_from=start, direction_to=(start + rng.randrange(30, 181)) % 360)
    if rng.random() < 0.5:
        fields["angle_of_view"] = _pick(rng, ANGLES_OF_VIEW)
    if rng.random() < 0.5:
        fields["tilt"] = -rng.randrange(0, 61)
    if rng.random() < 0.6:
        fields["height"] = round(rng.uniform(2.5, 12.0), 1)
    if rng.random() < 0.4:
        fields["operator_id"] = rng.choice(operators)
    if rng.random() < 0.5:
        fields["vendor_id"] = rng.choice(vendors)
    if rng.random() < 0.7:
        first = rng.randrange(FIRST_DAY, LAST_DAY)
        fields["first_seen"] = _day(first)
        if rng.random() < 0.7:
            fields["last_verified"] = _day(rng.randrange(first, LAST_DAY + 1))
    codes = [code for code, odds in CAPABILITY_ODDS.items() if rng.random() < odds]
    codes += [code for code, (name, value) in IMPLIED_CAPABILITIES.items() if fields[name] == value]
    return services.CameraWrite(fields, sorted(codes))


def _day(days_since_epoch: int) -> date:
    return date(1970, 1, 1) + timedelta(days=days_since_epoch)


def _insert_with_services(count, seed, batch_size, operators, vendors, progress) -> None:
    rng = random.Random(seed)
    done = 0
    while done < count:
        size = min(batch_size, count - done)
        writes = [_python_write(rng, operators, vendors) for _ in range(size)]
        bulk.cameras_create_bulk(writes=writes, actor_label=ACTOR_LABEL, reason=REASON)
        done += size
        if progress:
            progress(done)


# --- the SQL path (PostGIS) --------------------------------------------------------------------

# Each random draw of a row has its own salt; the row's value is hash(n, seed * 100 + salt).
_DRAWS = (
    """place city gauss_r gauss_a box surveillance_type camera_type mount zone placement
    status shape direction span aov_has aov tilt_has tilt height_has height operator_has operator
    vendor_has vendor first_has first last_has last""".split()
    + [f"cap_{code}" for code in CAPABILITY_ODDS]
)


def _sql_literal(value) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def _sql_array(values: Sequence, cast: str) -> str:
    return f"(ARRAY[{', '.join(_sql_literal(v) for v in values)}]::{cast}[])"


def _sql_choice(draw: str, weights: dict) -> str:
    """SQL picking a key of `weights` with its probability, from the uniform number `draw`."""
    total, cumulative, whens = sum(weights.values()), 0, []
    items = list(weights.items())
    for value, weight in items[:-1]:
        cumulative += weight
        whens.append(f"WHEN {draw} < {cumulative / total!r} THEN {_sql_literal(value)}")
    return f"CASE {' '.join(whens)} ELSE {_sql_literal(items[-1][0])} END"


def _generation_sql(seed: int, operators: Sequence[int], vendors: Sequence[int]) -> str:
    """A SELECT of rows n = %(first)s … %(last)s: state fields, location, capabilities."""
    draws = ",\n".join(
        f"((hashint8extended(n, {seed * 100 + salt}) & 4294967295)::float8 + 0.5) / 4294967296"
        f" AS u_{name}"
        for salt, name in enumerate(_DRAWS)
    )
    lats, lons = [lat for _, lat, _ in CITIES], [lon for _, _, lon in CITIES]
    west, south, east, north = zip(*COUNTRYSIDE, strict=True)
    city = _sql_choice("u_city", dict(enumerate(city_weights(), start=1)))
    box = _sql_choice("u_box", dict(enumerate(countryside_weights(), start=1)))
    sigma = _sql_array(city_sigmas_km(), "float8")
    city_lat = _sql_array(lats, "float8") + "[city_n]"
    gauss = "sqrt(-2 * ln(u_gauss_r))"
    codes = sorted({*CAPABILITY_ODDS, *IMPLIED_CAPABILITIES})
    capabilities = ", ".join(
        f"CASE WHEN u_cap_{code} < {CAPABILITY_ODDS[code]!r} THEN '{code}' END"
        if code in CAPABILITY_ODDS
        else f"CASE WHEN {IMPLIED_CAPABILITIES[code][0]} = "
        f"{_sql_literal(IMPLIED_CAPABILITIES[code][1])} THEN '{code}' END"
        for code in codes
    )
    return read_sql(__file__, "synthetic_rows.sql").format(
        last_day_after=LAST_DAY + 1,
        synthetic=Dataset.SYNTHETIC,
        capabilities=capabilities,
        city_share=repr(CITY_SHARE),
        city_lat=city_lat,
        gauss=gauss,
        sigma=sigma,
        south=_sql_array(south, "float8"),
        north=_sql_array(north, "float8"),
        west=_sql_array(west, "float8"),
        east=_sql_array(east, "float8"),
        lons=_sql_array(lons, "float8"),
        surveillance_type=_sql_choice("u_surveillance_type", SURVEILLANCE_TYPES),
        camera_type=_sql_choice("u_camera_type", CAMERA_TYPES),
        mount=_sql_choice("u_mount", MOUNTS),
        zone=_sql_choice("u_zone", ZONES),
        placement=_sql_choice("u_placement", PLACEMENTS),
        status=_sql_choice("u_status", STATUSES),
        angle_of_view=_sql_choice("u_aov", ANGLES_OF_VIEW),
        operators=_sql_array(operators, "bigint"),
        operator_count=len(operators),
        vendors=_sql_array(vendors, "bigint"),
        vendor_count=len(vendors),
        first_day=FIRST_DAY,
        day_span=LAST_DAY - FIRST_DAY,
        city=city,
        box=box,
        draws=draws,
    )


def _insert_with_sql(count, seed, batch_size, operators, vendors, progress, rebuild) -> None:
    capability_ids = dict(Capability.objects.values_list("code", "id"))
    missing = {*CAPABILITY_ODDS, *IMPLIED_CAPABILITIES} - set(capability_ids)
    if missing:
        raise RuntimeError(f"capabilities missing from the vocabulary: {sorted(missing)}")
    tables = [Camera._meta.db_table, Revision._meta.db_table, _LINKS._meta.db_table]
    with connection.cursor() as cursor:
        # JIT compiles these one-off queries for longer than it saves (STACK-NOTES); the
        # memory settings keep sorts and index builds out of temporary files.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        with _indexes_rebuilt_after(cursor, tables) if rebuild else contextlib.nullcontext():
            _insert_batches(cursor, count, seed, batch_size, operators, vendors, progress)
        # Fresh statistics now, not whenever autovacuum comes by: without them the planner
        # takes a 100-camera capability lookup for half the table and scans it (~200 ms).
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def _insert_batches(cursor, count, seed, batch_size, operators, vendors, progress) -> None:
    select = _generation_sql(seed, operators, vendors)
    fields = ", ".join(STATE_FIELDS)
    # to_jsonb of a row is the quickest JSON PostgreSQL 15 builds; dates come out ISO, as in
    # services.camera_state.
    state_fields = ", ".join(f"s.{name}" for name in STATE_FIELDS)
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Camera._meta.db_table])
    sequence = cursor.fetchone()[0]
    for first in range(1, count + 1, batch_size):
        last = min(first + batch_size - 1, count)
        cursor.execute("DROP TABLE IF EXISTS synthetic_rows")
        cursor.execute(
            f"CREATE TEMP TABLE synthetic_rows ON COMMIT DROP AS {select}",
            {"sequence": sequence, "first": first, "last": last},
        )
        cursor.execute(
            f"""INSERT INTO {Camera._meta.db_table} (id, location, {fields}, capability_codes,
                spatial_key, created_at, updated_at)
            SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326), {fields},
                array_to_string(capabilities, ','), cameras_spatial_key(lon, lat), now(), now()
            FROM synthetic_rows"""
        )
        cursor.execute(
            f"""INSERT INTO {Revision._meta.db_table}
                (camera_id, action, after, actor_label, reason, created_at)
            SELECT s.id, %s, to_jsonb(state), %s, %s, now()
            FROM synthetic_rows AS s CROSS JOIN LATERAL (
                SELECT {state_fields}, ARRAY[s.lon, s.lat] AS location, s.capabilities,
                    COALESCE((SELECT jsonb_object_agg(u, 'tagged') FROM unnest(s.capabilities) u),
                        '{{}}'::jsonb) AS capability_basis,
                    '{{}}'::jsonb AS capability_evidence
            ) AS state""",
            [Revision.Action.CREATE, ACTOR_LABEL, REASON],
        )
        cursor.execute(
            f"""INSERT INTO {_LINKS._meta.db_table} (camera_id, capability_id, basis, evidence)
            SELECT s.id, c.id, 'tagged', '[]'::jsonb FROM synthetic_rows AS s
            CROSS JOIN LATERAL unnest(s.capabilities) AS u (code)
            JOIN {Capability._meta.db_table} AS c ON c.code = u.code"""
        )
        if progress:
            progress(last)


@contextlib.contextmanager
def _indexes_rebuilt_after(cursor, tables: Sequence[str]):
    """Drop the secondary indexes, unique and foreign keys of `tables`; recreate them after.

    Building an index once over a million rows is several times faster than updating it row by
    row, and re-adding a foreign key checks every row in one join instead of one lookup each.
    It all happens in the caller's transaction, so a failure restores the tables as they were;
    meanwhile the tables are locked (ALTER TABLE), which suits a load, not a live site.
    """
    oids = "ARRAY[" + ", ".join("%s::regclass" for _ in tables) + "]"
    constraint = """format('ALTER TABLE %%s DROP CONSTRAINT %%I', conrelid::regclass, conname),
        format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', conrelid::regclass, conname,
            pg_get_constraintdef(oid))"""
    # Dropped in this order (foreign keys, unique constraints no key relies on, plain indexes)
    # and created again in the reverse one.
    cursor.execute(
        f"""SELECT 1, {constraint} FROM pg_constraint
        WHERE contype = 'f' AND conrelid = ANY({oids})
        UNION ALL
        SELECT 2, {constraint} FROM pg_constraint AS u
        WHERE contype = 'u' AND conrelid = ANY({oids}) AND NOT EXISTS (
            SELECT FROM pg_constraint AS f WHERE f.contype = 'f' AND f.conindid = u.conindid)
        UNION ALL
        SELECT 3, format('DROP INDEX %%s', indexrelid::regclass), pg_get_indexdef(indexrelid)
        FROM pg_index AS i WHERE indrelid = ANY({oids})
            AND NOT EXISTS (SELECT FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)
        ORDER BY 1""",
        [*tables, *tables, *tables],
    )
    statements = [row[1:] for row in cursor.fetchall()]
    # ALTER TABLE refuses to run while checks of earlier rows in this transaction are pending.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for drop, _ in statements:
        cursor.execute(drop)
    yield
    for _, create in reversed(statements):
        cursor.execute(create)
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
