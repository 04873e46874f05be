"""The map's first render on a phone: Playwright drives Debian's chromium (390 × 844, a phone's
user agent and touch) against `make serve`'s server (bench/serve.py) holding the demo data.

For each network (loopback; and an emulated mobile link: 150 ms round trip, 1.6 Mbit/s down,
750 kbit/s up) it loads the map at the demo cameras, cold (empty browser cache) and warm, and
prints the time from navigation start to the first camera or cluster drawn on a tile, and the
bytes transferred (the page and every resource, as the browser counts them). The basemap is
off (BASEMAP_URL empty: no third-party host), so its tiles are not counted.
Target: first camera drawn < 2 s on the mobile link, cold.
"""

import os
import shutil
import signal
import subprocess
import sys
import time

from bench.harness import BENCH_DATABASE, ROOT, Figure, connect, fresh_database

PORT = int(os.environ.get("BENCH_RENDER_PORT", "8119"))
PHONE = {"width": 390, "height": 844}
MOBILE = {"latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
FIRST_CAMERA = (
    "() => window.cameraLayer && Object.values(window.cameraLayer._tiles)"
    ".some((t) => t.el._features && t.el._features.length)"
)
BYTES = (
    "() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType("
    "'resource')).reduce((sum, e) => sum + (e.transferSize || 0), 0)"
)


def _server() -> subprocess.Popen:
    import bench.serve as serve

    serve.PORT = PORT
    os.environ["BASEMAP_URL"] = ""
    var = ROOT / "var" / "bench-render"
    var.mkdir(parents=True, exist_ok=True)
    return serve._server(var)


def _load(browser, url: str, network: dict | None) -> tuple[float, int, float, int]:
    """(ms, bytes) cold, then (ms, bytes) warm, in one fresh browser context."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(60000)
    if network:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **network})
    results = []
    for _ in range(2):
        page.goto(url, wait_until="commit")
        page.wait_for_function(FIRST_CAMERA, polling="raf")
        drawn = page.evaluate("() => performance.now()")
        page.wait_for_load_state("load")
        results += [drawn, page.evaluate(BYTES)]
    context.close()
    return tuple(results)


def run() -> list[Figure]:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(chromium):
        return ["skipped: chromium is not installed (make test installs it)"]
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS

    fresh_database()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "load_demo"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1"},
        check=True,
        capture_output=True,
    )
    with connect(BENCH_DATABASE) as db:
        # A street in the middle of the demo data: the camera with the most neighbours.
        lon, lat = db.execute(
            "SELECT ST_X(c.location), ST_Y(c.location) FROM cameras_camera c"
            " ORDER BY (SELECT count(*) FROM cameras_camera o"
            " WHERE ST_DWithin(o.location, c.location, 0.01)) DESC, c.id LIMIT 1"
        ).fetchone()
    url = f"http://127.0.0.1:{PORT}/?z=15&lat={lat:.5f}&lon={lon:.5f}"
    server = _server()
    figures = []
    try:
        import urllib.request

        for _ in range(300):  # bounded wait for the workers
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/readyz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            _load(browser, url, None)  # warm the server's caches once
            for label, network in (("loopback", None), ("mobile link", MOBILE)):
                cold_ms, cold_bytes, warm_ms, warm_bytes = _load(browser, url, network)
                target = "< 2000 ms" if network else ""
                figures += [
                    Figure(f"{label}, cold: first camera drawn", cold_ms, "ms", target),
                    Figure(f"{label}, cold: bytes transferred", int(cold_bytes), "B"),
                    Figure(f"{label}, warm: first camera drawn", warm_ms, "ms"),
                    Figure(f"{label}, warm: bytes transferred", int(warm_bytes), "B"),
                ]
            browser.close()
        load = os.getloadavg()
        figures.append(Figure("load average (1/5 min)", f"{load[0]:.1f} / {load[1]:.1f}"))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    return figures
