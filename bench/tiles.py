"""Map tile benchmark: our tiles against the raw ST_AsMVT of the same tile, in one run.

Needs PostGIS (DATABASE_URL) holding synthetic cameras (`manage.py generate_cameras --count
1000000`); they are not public, so tiles are rendered by the same functions the tile view calls,
with the synthetic dataset let in. Tiles are picked at random cameras (seeded), so busy cities
are sampled as often as users look at them: TILES_PER_ZOOM per zoom from 2 to 18, zooms 2–6
being whole-country (or larger) tiles. Prints, per tile and then as median / p95:
- ours, uncached: render_tile (clusters from the precomputed cells up to zoom 13, cameras with
  their popup attributes above), median of three runs;
- raw: one `ST_AsMVT` of every camera in the tile, no aggregation, no attributes — what a
  plain MVT endpoint costs, and the yardstick the issue names;
- cached: what the view does on a cache hit (read the data version, then the cache);
- with a vendor filter, which the cells cannot answer: on-the-fly aggregation.

Run alone: `DATABASE_URL=postgis://… .venv/bin/python bench/tiles.py` (uses that database as
it is); `bench/run.py tiles` generates the cameras in a scratch database first.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

from surveillance_map.lib.db import is_postgis

ROOT = Path(__file__).resolve().parent.parent
ZOOMS = range(2, 19)
TILES_PER_ZOOM = 4
SEED = 7
DATASET = ["synthetic"]  # or "real" once bench/load.py made the generated cameras public

RAW_SQL = """
SELECT ST_AsMVT(t, 'cameras', 4096, 'geom') FROM (
  SELECT id, ST_AsMVTGeom(ST_Transform(location, 3857), ST_TileEnvelope(%s, %s, %s), 4096, 64, true)
    AS geom
  FROM cameras_camera
  WHERE location && ST_Transform(ST_TileEnvelope(%s, %s, %s), 4326) AND dataset = %s
) t
"""


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "surveillance_map.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def _timed(fn, repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _raw(z: int, x: int, y: int) -> bytes:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(RAW_SQL, [z, x, y, z, x, y, DATASET[0]])
        return bytes(cursor.fetchone()[0] or b"")


def _sample_tiles() -> list[tuple[int, int, int]]:
    from surveillance_map.cameras.models import Camera
    from surveillance_map.maps.grid import fine_cell

    synthetic = Camera.objects.filter(dataset=DATASET[0])
    bounds = synthetic.order_by("id").values_list("id", flat=True)
    first, last = bounds.first(), bounds.last()
    rng = random.Random(SEED)
    tiles = []
    for z in ZOOMS:
        picked = set()
        while len(picked) < TILES_PER_ZOOM:
            camera = synthetic.filter(id__gte=rng.randint(first, last)).order_by("id").first()
            fx, fy = fine_cell(camera.location.x, camera.location.y)
            shift = 15 - z  # fine cells are zoom-15 tiles
            picked.add((fx >> shift, fy >> shift) if shift >= 0 else _tile(camera, z))
        tiles += [(z, x, y) for x, y in sorted(picked)]
    return tiles


def _tile(camera, z: int) -> tuple[int, int]:
    import math

    n = 2**z
    lat = math.radians(camera.location.y)
    x = int((camera.location.x + 180) / 360 * n)
    return x, int((1 - math.asinh(math.tan(lat)) / math.pi) / 2 * n)


def run() -> list:
    """Per-tile lines as it goes, then the figures (for bench/run.py)."""
    _setup()

    from bench.harness import Figure
    from surveillance_map.cameras.models import Camera
    from surveillance_map.maps.cells import data_version
    from surveillance_map.maps.tiles import cached_tile, render_tile

    if not is_postgis():
        return ["tiles: PostGIS only (set DATABASE_URL=postgis://…)"]
    # The load benchmark makes the generated cameras public: a kept database holds them so.
    if not Camera.objects.filter(dataset="synthetic").exists():
        DATASET[0] = "real"
    count = Camera.objects.filter(dataset=DATASET[0]).count()
    if not count:
        return ["tiles: no synthetic cameras (run `manage.py generate_cameras` first)"]
    print(f"   {count:,} {DATASET[0]} cameras, {TILES_PER_ZOOM} tiles per zoom 2–18")
    print(f"   {'tile':>16} {'features':>9} {'bytes':>8} {'ours ms':>8} {'raw ms':>8} {'ratio':>6}")
    ours, raws, by_zoom = [], [], {}
    tiles = _sample_tiles()
    for z, x, y in tiles:

        def render(z=z, x=x, y=y):
            return render_tile(z=z, x=x, y=y, filters={}, dataset=DATASET[0])

        ours_time, body = _timed(render, repeat=3)
        raw_time, _ = _timed(lambda z=z, x=x, y=y: _raw(z, x, y))
        ours.append(ours_time)
        raws.append(raw_time)
        by_zoom.setdefault(z, []).append((ours_time, raw_time))
        print(
            f"   {f'{z}/{x}/{y}':>16} {_feature_count(body):>9,} {len(body):>8,} "
            f"{_ms(ours_time)} {_ms(raw_time)} {ours_time / raw_time:6.2f}",
            flush=True,
        )
    print("   per zoom, median ms (ours / raw):")
    for z, pairs in by_zoom.items():
        ours_z = statistics.median(p[0] for p in pairs)
        raw_z = statistics.median(p[1] for p in pairs)
        print(f"     z{z:<3} {_ms(ours_z)} {_ms(raw_z)}")

    cached = []
    z, x, y = next(tile for tile in tiles if tile[0] == 12)
    cached_tile(version=data_version(), z=z, x=x, y=y, filters={}, digest="", dataset=DATASET[0])
    for _ in range(50):
        started = time.perf_counter()
        cached_tile(
            version=data_version(), z=z, x=x, y=y, filters={}, digest="", dataset=DATASET[0]
        )
        cached.append(time.perf_counter() - started)

    served, every = _through_app(z, x, y)
    figures = [
        Figure("tile median, uncached", statistics.median(ours) * 1000, "ms", "≤ 30 ms"),
        Figure("tile p95, uncached", _p95(ours) * 1000, "ms", "≤ 100 ms"),
        Figure("raw ST_AsMVT median, same tiles", statistics.median(raws) * 1000, "ms"),
        Figure("raw ST_AsMVT p95, same tiles", _p95(raws) * 1000, "ms"),
        Figure("cached tile median (the tile function)", statistics.median(cached) * 1e6, "µs"),
        Figure("cached tile through the app (WSGI)", served * 1e6, "µs", "≤ 1 ms"),
        Figure("  the same through every middleware", every * 1e6, "µs"),
        Figure(
            "worst tile ours/raw",
            f"{max(o / r for o, r in zip(ours, raws, strict=True)):.1f}×",
            "",
            "≤ 2× (goal)",
        ),
    ]
    return figures + _filtered(
        render_tile, [next(t for t in tiles if t[0] == z) for z in (5, 10, 14)]
    )


def _through_app(z: int, x: int, y: int, runs: int = 2000) -> tuple[float, float]:
    """Median seconds of a versioned tile request served from the cache by the whole Django
    stack (no HTTP server), as a gunicorn worker runs it: through the application as served
    (tiles take the lean middleware stack, lib/lean.py) and through every middleware."""
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.test.utils import override_settings

    from surveillance_map.lib.lean import LeanHandler, dispatching

    # Plain http from localhost, as a worker behind the proxy sees it.
    with override_settings(ALLOWED_HOSTS=["localhost"], SECURE_SSL_REDIRECT=False):
        full = get_wsgi_application()
        served = dispatching(full, LeanHandler(), tuple(settings.LEAN_PATHS))
        return _median_request(served, z, x, y, runs), _median_request(full, z, x, y, runs)


def _median_request(app, z: int, x: int, y: int, runs: int) -> float:
    import io

    from surveillance_map.maps.cells import data_version

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": f"/tiles/{z}/{x}/{y}.pbf",
        "QUERY_STRING": f"v={data_version()}",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }
    statuses, times = [], []
    for _ in range(runs):
        started = time.perf_counter()
        body = b"".join(
            app(
                {**environ, "wsgi.input": io.BytesIO()},
                lambda status, headers: statuses.append(status),
            )
        )
        times.append(time.perf_counter() - started)
    assert statuses[-1].startswith("200"), (statuses[-1], body[:200])
    return statistics.median(times)


def _filtered(render_tile, tiles) -> list[str]:
    from surveillance_map.cameras.models import Camera

    vendor = (
        Camera.objects.filter(dataset=DATASET[0], vendor__isnull=False)
        .values_list("vendor__slug", flat=True)
        .first()
    )
    if vendor is None:
        return []
    lines = [f"with a vendor filter ({vendor}), aggregated on the fly:"]
    for z, x, y in tiles:
        seconds, body = _timed(
            lambda z=z, x=x, y=y: render_tile(
                z=z, x=x, y=y, filters={"vendor": [vendor]}, dataset=DATASET[0]
            ),
            repeat=3,
        )
        lines.append(f"  {z}/{x}/{y}: {seconds * 1000:.1f} ms, {_feature_count(body):,} features")
    return lines


def _feature_count(body: bytes) -> int:
    import mapbox_vector_tile

    if not body:
        return 0
    return sum(len(layer["features"]) for layer in mapbox_vector_tile.decode(body).values())


if __name__ == "__main__":
    for item in run():
        print(f"{item.name}: {item.shown()}" if hasattr(item, "shown") else item)
