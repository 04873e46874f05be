"""`make serve` under a bounded load on loopback, and what a camera costs in storage.

Loads the demo data into the scratch database, starts the production server (gunicorn, Redis
cache; BENCH_WORKERS workers) on 127.0.0.1:8118 and sends, from BENCH_CLIENTS threads, a fixed
number of requests: a mix of versioned tiles around the demo cameras (zooms 3–16), first with
an empty cache, then again (cache hits), and API pages. Prints requests/s and median/p95
latency per phase, the machine's load average, and rows and bytes per camera
(pg_total_relation_size of the camera tables, revisions included).
Only loopback is ever targeted; every loop is bounded.
"""

import http.client
import math
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.harness import BENCH_DATABASE, ROOT, Figure, connect, fresh_database

PORT = int(os.environ.get("BENCH_PORT", "8118"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1500"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
CAMERA_TABLES = ("cameras_camera", "cameras_revision", "cameras_camera_capabilities")
CAMERA_TABLES += ("imports_sourcerecord", "maps_tilecell")


def _tile(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def _get(path: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, time.perf_counter() - started


def _phase(name: str, paths: list[str]) -> list[Figure]:
    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(_get, paths))
    seconds = time.perf_counter() - started
    times = sorted(t for _, t in results)
    errors = sum(1 for status, _ in results if status >= 500)
    return [
        Figure(f"{name}: requests/s", len(paths) / seconds, f"({len(paths)} requests)"),
        Figure(f"{name}: median", statistics.median(times) * 1000, "ms"),
        Figure(f"{name}: p95", times[int(len(times) * 0.95) - 1] * 1000, "ms"),
        Figure(f"{name}: 5xx", errors),
    ]


def _storage() -> list[Figure]:
    with connect(BENCH_DATABASE) as db:
        cameras = db.execute("SELECT count(*) FROM cameras_camera").fetchone()[0]
        rows = sum(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in CAMERA_TABLES)
        size = sum(
            db.execute("SELECT pg_total_relation_size(%s)", [t]).fetchone()[0]
            for t in CAMERA_TABLES
        )
    return [
        Figure("cameras", cameras),
        Figure("rows per camera", rows / max(cameras, 1)),
        Figure("bytes per camera (tables + indexes)", size / max(cameras, 1), "B"),
    ]


def _server(var: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "SECRET_KEY": "bench-only-" + "x" * 40 + "abcdefgh",
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": REDIS_URL,
        "HTTPS": "0",
        "HOST": "127.0.0.1",
        "PORT": str(PORT),
        "WEB_WORKERS": str(WORKERS),
        "VAR_DIR": str(var),
        "STATIC_HASHED": "0",
        "API_ANON_RATE": "1000000/minute",
    }
    env.pop("DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "-m", "surveillance_map.serve"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run() -> list[Figure]:
    fresh_database()
    # The demo data (its demo moderator login is why load_demo wants DEBUG=1).
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "load_demo"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1"},
        check=True,
        capture_output=True,
    )
    figures = _storage()
    var = ROOT / "var" / "bench-serve"
    var.mkdir(parents=True, exist_ok=True)
    server = _server(var)
    try:
        for _ in range(300):  # bounded wait for the workers
            try:
                if _get("/readyz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        with connect(BENCH_DATABASE) as db:
            points = db.execute(
                "SELECT ST_X(location), ST_Y(location) FROM cameras_camera ORDER BY id"
            ).fetchall()
            version = db.execute("SELECT version FROM maps_dataversion WHERE id = 1").fetchone()[0]
        rng = random.Random(7)
        tiles = sorted({_tile(*rng.choice(points), rng.randint(3, 16)) for _ in range(REQUESTS)})
        paths = [f"/tiles/{z}/{x}/{y}.pbf?v={version}" for z, x, y in tiles]
        rng.shuffle(paths)
        subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True)
        for _ in range(WORKERS * 2):
            _get("/api/v1/capabilities/")  # warm every worker
        figures += _phase("tiles, empty cache", paths)
        figures += _phase("tiles, cached", (paths * 3)[:REQUESTS])
        figures += _phase("API camera pages", ["/api/v1/cameras/?page_size=100"] * (REQUESTS // 3))
        load = os.getloadavg()
        figures.append(Figure("load average (1/5 min)", f"{load[0]:.1f} / {load[1]:.1f}"))
        figures.append(Figure("setup", f"{WORKERS} workers, {CLIENTS} clients, 2 cores"))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    return figures
