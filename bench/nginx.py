"""Cached tiles through nginx: deploy/nginx.conf in front of `make serve`, under wrk.

Needs the generated cameras (bench/generate.py; made public as bench/load.py does). Starts the
production server (gunicorn, Redis cache) on 127.0.0.1:BENCH_PORT and Debian's nginx with the
shipped deploy/nginx.conf in front (ports and paths substituted, as tests/production/
test_nginx.py runs it; TLS with a throwaway certificate, HTTP/1.1 keep-alive), fills nginx's
tile cache with TILE_COUNT versioned tiles at zooms 10–16, then runs wrk (Debian's package,
installed if missing) with WRK_CONNECTIONS connections for WRK_SECONDS, every request one of
those tiles, against nginx and then against gunicorn directly. Prints requests/s, latency
percentiles and errors beside the ≥ 2,000 requests/s target. Only 127.0.0.1 is ever targeted;
each run is bounded in time.
"""

import contextlib
import http.client
import os
import re
import signal
import ssl
import subprocess
import tempfile
from pathlib import Path

from bench.harness import ROOT, Figure
from bench.serve import PORT, REDIS_URL, WORKERS, _server

NGINX_PORT = int(os.environ.get("BENCH_NGINX_PORT", str(PORT + 1)))  # https; +1 is http
CONNECTIONS = int(os.environ.get("WRK_CONNECTIONS", "50"))
SECONDS = int(os.environ.get("WRK_SECONDS", "10"))
TILE_COUNT = 200
# wrk runs this: every request one of the paths, in turn; at the end one line of figures.
SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Accept-Encoding"] = "gzip"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "FIGURES requests=%%d micros=%%d status=%%d socket=%%d p50=%%d p90=%%d p95=%%d p99=%%d\\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99)))
end
"""


def ensure_tools() -> None:
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "ensure-system-packages.sh"), "nginx", "wrk", "openssl"],
        check=True,
    )


@contextlib.contextmanager
def nginx_in_front(var: Path):
    """nginx (deploy/nginx.conf) on 127.0.0.1:NGINX_PORT in front of the server on PORT."""
    from tests.production.nginx_config import start_nginx

    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        process = start_nginx(
            Path(tmp),
            var / "static",
            web=PORT,
            http=NGINX_PORT + 1,
            https=NGINX_PORT,
            workers="auto",
        )
        try:
            yield process
        finally:
            process.stop()


def _fetch(path: str, *, through_nginx: bool) -> tuple[int, str]:
    if through_nginx:
        conn = http.client.HTTPSConnection(
            "127.0.0.1", NGINX_PORT, timeout=60, context=ssl._create_unverified_context()
        )
    else:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, response.getheader("X-Cache-Status", "")


def _wrk(url: str, paths: list[str], label: str) -> list[Figure]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(SCRIPT % ", ".join(f'"{p}"' for p in paths))
        script.flush()
        done = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s"]
            + ["-s", script.name, url],
            capture_output=True,
            text=True,
            timeout=SECONDS + 60,
        )
    found = re.search(r"FIGURES (.*)", done.stdout)
    if not found:
        return [f"{label}: wrk gave no figures: {done.stdout[-500:]} {done.stderr[-500:]}"]
    values = dict(pair.split("=") for pair in found.group(1).split())
    count, seconds = int(values["requests"]), int(values["micros"]) / 1e6
    errors = int(values["status"]) + int(values["socket"])
    return [
        Figure(f"{label}: requests/s", count / seconds, "", "≥ 2,000 through nginx"),
        Figure(
            f"{label}: p50 / p90 / p95 / p99",
            " / ".join(f"{int(values[p]) / 1000:.1f}" for p in ("p50", "p90", "p95", "p99")),
            "ms",
        ),
        Figure(f"{label}: errors", f"{errors} of {count:,}", "", "0"),
        Figure(f"{label}: load average (1 min)", f"{os.getloadavg()[0]:.1f}"),
    ]


def run() -> list[Figure]:
    from bench.load import _make_public, _mix, wait_ready

    ensure_tools()
    count, _ = _make_public()
    paths = [p for p in _mix(count) if p.startswith("/tiles/")][:TILE_COUNT]
    var = ROOT / "var" / "bench-nginx"
    var.mkdir(parents=True, exist_ok=True)
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True)
    server = _server(var)
    try:
        wait_ready()
        with nginx_in_front(var):
            for path in paths:  # fill the app's and nginx's caches
                _fetch(path, through_nginx=True)
            hits = sum(_fetch(p, through_nginx=True)[1] == "HIT" for p in paths[:20])
            figures = [Figure("nginx cache hits among 20 tiles fetched again", hits, "", "20")]
            figures += _wrk(f"https://127.0.0.1:{NGINX_PORT}", paths, "through nginx")
        figures += _wrk(f"http://127.0.0.1:{PORT}", paths, "gunicorn directly")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    setup = f"{len(paths)} cached tiles, {CONNECTIONS} connections, {SECONDS} s, wrk -t2"
    figures.append(
        Figure("setup", f"{setup}, {WORKERS} workers × 4 threads, {os.cpu_count()} CPUs")
    )
    return figures
