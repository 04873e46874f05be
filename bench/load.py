"""Load test: `make serve` under the map's request mix, at 10, 50 and 100 concurrent clients.

Needs the generated cameras (bench/generate.py, 1M; BENCH_CAMERAS for another count). They are
made public for the run (dataset "real": synthetic cameras are never served) and stay so in the
scratch database. Starts the production server on 127.0.0.1:BENCH_PORT with BENCH_WORKERS
workers and a Redis cache, then, for each level of LOAD_CLIENTS, runs that many clients for
LOAD_SECONDS each (keep-alive connections, loopback only, bounded in time and count), every
client sending the mix one request after another:
70 % versioned tiles at zooms 10–16 around random cameras, 20 % bbox API pages (100 cameras
in a city-sized box), 10 % camera pages. Prints requests/s, p50/p95/p99, errors and the load.
LOAD_THROUGH=direct,nginx runs the levels against gunicorn and then through nginx with the
shipped deploy/nginx.conf (TLS, keep-alive, its tile cache: the production topology; see
bench/nginx.py), one table each.
"""

import asyncio
import contextlib
import http.client
import os
import random
import signal
import ssl
import subprocess
import time
from collections import Counter

from bench.harness import BENCH_DATABASE, ROOT, Figure, connect
from bench.serve import PORT, REDIS_URL, WORKERS, _server, _tile

LEVELS = [int(n) for n in os.environ.get("LOAD_CLIENTS", "10,50,100").split(",")]
SECONDS = float(os.environ.get("LOAD_SECONDS", "20"))
MAX_REQUESTS = 100_000  # per level, whatever the speed
SEED = 11
THROUGH = os.environ.get("LOAD_THROUGH", "direct").split(",")
FRONTS = {"direct": "gunicorn directly", "nginx": "through nginx (deploy/nginx.conf, TLS)"}
KINDS = {"tiles": "/tiles/", "bbox API pages": "/api/", "camera pages": "/cameras/"}


async def _get(reader, writer, path: str) -> tuple[int, bool]:
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n".encode()
    )
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    # A server may end a keep-alive connection after an answer (nginx after 1,000 requests): the
    # answer counts, and the client opens a new connection for its next request.
    return status, headers.get("connection", "").lower() != "close"


async def _client(
    target: dict, paths: list[str], deadline: float, results: list, budget: list[int]
) -> None:
    rng = random.Random(len(results))
    reader = writer = None
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        path = rng.choice(paths)
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(**target)
            status, keep_alive = await asyncio.wait_for(_get(reader, writer, path), 60)
            if not keep_alive:
                writer.close()
                reader = writer = None
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            status = 0  # a connection error counts as an error; reconnect
            if writer is not None:
                writer.close()
            reader = writer = None
        results.append((status, time.perf_counter() - started, path))
    if writer is not None:
        writer.close()


def _target(through: str) -> dict:
    """asyncio.open_connection's arguments for gunicorn or for nginx (TLS, unverified)."""
    if through == "nginx":
        from bench.nginx import NGINX_PORT

        return {"host": "127.0.0.1", "port": NGINX_PORT, "ssl": ssl._create_unverified_context()}
    return {"host": "127.0.0.1", "port": PORT}


async def _level(clients: int, paths: list[str], target: dict) -> tuple[list, float]:
    results: list = []
    budget = [MAX_REQUESTS]
    started = time.perf_counter()
    deadline = time.monotonic() + SECONDS
    await asyncio.gather(
        *(_client(target, paths, deadline, results, budget) for _ in range(clients))
    )
    return results, time.perf_counter() - started


def _percentile(times: list[float], share: float) -> float:
    return times[min(len(times) - 1, int(len(times) * share))] * 1000


def _make_public() -> tuple[int, float]:
    """The generated cameras as public ones (cells rebuilt once); their count and seconds."""
    started = time.perf_counter()
    with connect(BENCH_DATABASE) as db:
        synthetic = db.execute("SELECT 1 FROM cameras_camera WHERE dataset = 'synthetic' LIMIT 1")
        if synthetic.fetchone() is None:  # done by an earlier run
            count = db.execute("SELECT count(*) FROM cameras_camera").fetchone()[0]
            return count, time.perf_counter() - started
    with connect(BENCH_DATABASE) as db, db.transaction():
        db.execute("SET LOCAL maps.defer_tile_cells = on")
        db.execute("UPDATE cameras_camera SET dataset = 'real' WHERE dataset = 'synthetic'")
        db.execute("SET LOCAL maps.defer_tile_cells = off")
        db.execute("SELECT maps_tilecell_rebuild()")
    with connect(BENCH_DATABASE) as db:
        db.execute("VACUUM ANALYZE cameras_camera")
        count = db.execute("SELECT count(*) FROM cameras_camera").fetchone()[0]
    return count, time.perf_counter() - started


def _mix(count: int) -> list[str]:
    """100 requests in the mix's proportions, around cameras picked at random (seeded)."""
    rng = random.Random(SEED)
    with connect(BENCH_DATABASE) as db:
        low, high = db.execute("SELECT min(id), max(id) FROM cameras_camera").fetchone()
        version = db.execute("SELECT version FROM maps_dataversion WHERE id = 1").fetchone()[0]
        picked = [
            db.execute(
                "SELECT id, ST_X(location), ST_Y(location) FROM cameras_camera"
                " WHERE id >= %s ORDER BY id LIMIT 1",
                [rng.randint(low, high)],
            ).fetchone()
            for _ in range(400)
        ]
    tiles, boxes, pages = [], [], []
    for camera_id, lon, lat in picked:
        z, x, y = _tile(lon, lat, rng.randint(10, 16))
        tiles.append(f"/tiles/{z}/{x}/{y}.pbf?v={version}")
        w, s = lon - 0.02, lat - 0.015
        boxes.append(f"/api/v1/cameras/?bbox={w:.4f},{s:.4f},{w + 0.04:.4f},{s + 0.03:.4f}")
        pages.append(f"/cameras/{camera_id}/")
    return tiles[:280] + boxes[:80] + pages[:40]


def run() -> list[Figure]:
    if set(THROUGH) - set(FRONTS):
        raise ValueError(f"LOAD_THROUGH: {', '.join(FRONTS)}, not {','.join(THROUGH)}")
    count, seconds = _make_public()
    figures = [Figure(f"made {count:,} generated cameras public (cells rebuilt)", seconds, "s")]
    paths = _mix(count)
    var = ROOT / "var" / "bench-load"
    var.mkdir(parents=True, exist_ok=True)
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True)
    server = _server(var)
    try:
        wait_ready()
        for through in THROUGH:
            with _front(through, var):
                figures.append(f"-- {FRONTS[through]}")
                for clients in LEVELS:
                    figures += _figures(
                        clients, *asyncio.run(_level(clients, paths, _target(through)))
                    )
        figures += _full_export(count)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    setup = f"{count:,} cameras, {WORKERS} workers × 4 threads, {SECONDS:.0f} s per level"
    figures.append(Figure("setup", f"{setup}, {os.cpu_count()} CPUs"))
    return figures


def _front(through: str, var):
    if through == "nginx":
        from bench.nginx import ensure_tools, nginx_in_front

        ensure_tools()
        return nginx_in_front(var)
    return contextlib.nullcontext()


def _figures(clients: int, results: list, wall: float) -> list[Figure]:
    times = sorted(t for _, t, _ in results)
    failed = Counter(status for status, _, _ in results if not 200 <= status < 400)
    errors = sum(failed.values())
    # Which: an HTTP status, or 0 for a connection cut or a request unanswered within 60 s.
    kinds = ", ".join(f"{status or 'no answer'}: {n}" for status, n in sorted(failed.items()))
    load = os.getloadavg()[0]
    figures = [
        Figure(f"{clients} clients: requests/s", len(results) / wall, "", "≥ 300 at 50"),
        Figure(
            f"{clients} clients: p50 / p95 / p99",
            " / ".join(f"{_percentile(times, q):.0f}" for q in (0.5, 0.95, 0.99)),
            "ms",
            "p95 ≤ 250 at 50",
        ),
        Figure(
            f"{clients} clients: errors",
            f"{errors} of {len(results):,}" + (f" ({kinds})" if kinds else ""),
            "",
            "0",
        ),
        Figure(f"{clients} clients: load average (1 min)", f"{load:.1f}"),
    ]
    for kind, prefix in KINDS.items():
        some = sorted(t for _, t, path in results if path.startswith(prefix))
        if some:
            shown = f"{_percentile(some, 0.5):.0f} / {_percentile(some, 0.95):.0f}"
            figures.append(Figure(f"  {kind}: p50 / p95", shown, "ms"))
    return figures


def _full_export(count: int) -> list[Figure]:
    """The whole GeoJSON export through the server: complete, or visibly cut."""
    marker = b'{"type":"Feature"'
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    started = time.perf_counter()
    conn.request("GET", "/api/v1/cameras.geojson")
    response = conn.getresponse()
    first, size, features, tail = None, 0, 0, b""
    try:
        while block := response.read1(1 << 20):
            if first is None:
                first = time.perf_counter() - started
            size += len(block)
            features += (tail + block).count(marker)
            tail = block[-(len(marker) - 1) :]
        outcome = "complete" if features == count else f"{features:,} of {count:,} features"
    except http.client.IncompleteRead:
        outcome = f"cut after {size:,} bytes: the client saw an error"
    seconds = time.perf_counter() - started
    conn.close()
    return [
        Figure(f"full GeoJSON export through make serve ({response.status})", outcome),
        Figure("  first byte / whole file", f"{(first or 0) * 1000:.0f} ms / {seconds:.1f} s"),
        Figure("  size", size / 2**20, "MB"),
    ]


def wait_ready() -> None:
    asyncio.run(_wait_ready())


async def _wait_ready() -> None:
    for _ in range(300):  # bounded wait for the workers
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
            status, _ = await _get(reader, writer, "/readyz")
            writer.close()
            if status == 200:
                for _ in range(WORKERS * 4):  # the first request of each worker loads the rest
                    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
                    await _get(reader, writer, "/api/v1/capabilities/")
                    writer.close()
                return
        except OSError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("make serve did not become ready")
