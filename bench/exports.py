"""Export benchmark: streamed GeoJSON and CSV against PostgreSQL's own COPY, in one run.

Needs PostGIS (DATABASE_URL) holding synthetic cameras (`manage.py generate_cameras --count
1000000`); they are not public, so the exports and the API page are timed on the same code
paths with synthetic rows let in. Prints, for GeoJSON and CSV:
- `COPY (SELECT …) TO STDOUT` of the very same rows and text, run straight on psycopg: the bar;
- our stream (what /api/v1/cameras.* and export_cameras run) and its ratio to that COPY;
- for scale, COPY of plain rows (id, ST_AsGeoJSON(location), the camera's own columns);
- peak RSS after a 10% and after the full export (flat memory: the two stay close);
the GeoPackage conversion (ogr2ogr) of that GeoJSON; and the median time of a bbox API page
(100 cameras) of a city viewport (central London) and of a whole country (Great Britain).

Run alone: `DATABASE_URL=postgis://… .venv/bin/python bench/exports.py` (uses that database as
it is); `bench/run.py exports` generates the cameras in a scratch database first.
"""

import contextlib
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from surveillance_map.lib.db import is_postgis

ROOT = Path(__file__).resolve().parent.parent
LONDON_VIEWPORT = "-0.16,51.49,-0.10,51.52"  # a city-centre screen at about zoom 14
BRITAIN = "-8.2,49.9,1.8,58.7"  # a page of a country: it costs a page, not the country


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "surveillance_map.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    import django

    django.setup()


def _reset_peak_rss() -> None:
    # Other benchmarks may run in this process first: start the peak afresh (Linux ≥ 4.0).
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_rss_mb() -> float:
    try:
        status = Path("/proc/self/status").read_text()
        return (
            int(next(ln for ln in status.splitlines() if ln.startswith("VmHWM:")).split()[1]) / 1024
        )
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(blocks) -> tuple[float, int]:
    started, size = time.perf_counter(), 0
    for block in blocks:
        size += len(block)
    return time.perf_counter() - started, size


def _first_row_and_blocks(blocks, header_blocks: int) -> tuple[float, float]:
    """Seconds until the first camera's bytes (after `header_blocks` blocks), and the mean
    size of the first 200 blocks (the stream is then closed, as by a client hanging up)."""
    started, first, sizes = time.perf_counter(), 0.0, []
    for number, block in enumerate(blocks):
        if number == header_blocks:
            first = time.perf_counter() - started
        sizes.append(len(block))
        if number == 200:
            blocks.close()
            break
    return first, sum(sizes) / max(len(sizes), 1)


def _copy(sql: str, params=(), options: str = "FORMAT text") -> tuple[float, int]:
    from django.db import connection, transaction

    started, size = time.perf_counter(), 0
    statement = f"COPY ({sql}) TO STDOUT WITH ({options})"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")  # as the export does
        with cursor.cursor.copy(statement, params) as copy:
            for block in copy:
                size += len(block)
    return time.perf_counter() - started, size


def _same_rows_sql(name: str, cameras) -> tuple[str, tuple]:
    from surveillance_map.exports import postgis

    if name == "CSV":
        return postgis.csv_sql(cameras)
    return postgis.feature_sql(cameras)


def _synthetic(limit: int | None = None):
    from surveillance_map.exports import records

    cameras = records.export_queryset(filters={}, include_synthetic=True).filter(
        dataset="synthetic"
    )
    if limit is not None:
        cameras = cameras.filter(id__lte=cameras.order_by("id").values_list("id", flat=True)[limit])
    return cameras


_PLAIN_COLUMNS = """id, ST_AsGeoJSON(location), name, surveillance_type, camera_type, mount, zone,
placement, direction, direction_from, direction_to, angle_of_view, tilt, height, operator_id,
vendor_id, program_id, status, first_seen, last_verified, osm_id, extra_tags, original_tags"""


def bench_exports() -> list:
    from django.db import connection

    from bench.harness import Figure
    from surveillance_map.exports import csvfile, geojson, postgis

    total = _synthetic().count()
    if total == 0:
        return ["exports: no synthetic cameras; run manage.py generate_cameras --count 1000000"]
    plain = f"SELECT {_PLAIN_COLUMNS} FROM cameras_camera WHERE dataset = 'synthetic' ORDER BY id"
    print(f"   {total:,} synthetic cameras, PostgreSQL {connection.pg_version}")
    figures = []
    for name, stream in (("GeoJSON", geojson.stream_geojson), ("CSV", csvfile.stream_csv)):
        _reset_peak_rss()
        _timed(stream(_synthetic(total // 10)))
        rss_tenth = _peak_rss_mb()
        plain_s, plain_bytes = _copy(plain)
        options = "FORMAT csv" if name == "CSV" else postgis.JSON_LINES
        copy_s, copy_bytes = _copy(*_same_rows_sql(name, _synthetic()), options)
        ours_s, ours_bytes = _timed(stream(_synthetic()))
        rss_all = _peak_rss_mb()
        header_blocks = 1 if name == "GeoJSON" else 0  # GeoJSON's opening is a block of its own
        first_s, block_bytes = _first_row_and_blocks(stream(_synthetic()), header_blocks)
        print(
            f"   {name}: COPY same rows {copy_s:.2f} s ({copy_bytes / 1e6:,.0f} MB), streamed "
            f"{ours_s:.2f} s ({ours_bytes / 1e6:,.0f} MB), COPY plain rows {plain_s:.2f} s "
            f"({plain_bytes / 1e6:,.0f} MB); peak RSS {rss_tenth:.0f} MB at 10%, "
            f"{rss_all:.0f} MB at 100%",
            flush=True,
        )
        figures += [
            Figure(f"{name} streamed, {total:,} cameras", ours_s, "s"),
            Figure("  COPY of the same rows and text", copy_s, "s"),
            Figure("  streamed / COPY same rows", f"{ours_s / copy_s:.2f}×", "", "≤ 1.2×"),
            Figure("  COPY of plain rows (floor)", plain_s, "s"),
            Figure("  streamed / COPY plain rows", f"{ours_s / plain_s:.2f}×", ""),
            Figure("  first camera's bytes after", first_s * 1000, "ms", "≤ 1 s"),
            Figure("  mean block written", block_bytes / 1024, "KB", "tens of KB"),
            Figure(
                "  peak RSS, 10% / all rows",
                f"{rss_tenth:.0f} / {rss_all:.0f}",
                "MB",
                "< 300 MB, flat",
            ),
        ]
    figures.append(_gpkg_figure())
    return figures


def _gpkg_figure():
    import tempfile

    from bench.harness import Figure
    from surveillance_map.exports.files import write_blocks
    from surveillance_map.exports.geojson import stream_geojson
    from surveillance_map.exports.gpkg import geojson_to_gpkg

    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "cameras.geojson", Path(tmp) / "cameras.gpkg"
        write_blocks(stream_geojson(_synthetic()), source)
        started = time.perf_counter()
        geojson_to_gpkg(source, target)
        seconds = time.perf_counter() - started
    print(f"   GeoPackage: ogr2ogr from the streamed GeoJSON {seconds:.1f} s", flush=True)
    return Figure("GeoPackage: ogr2ogr from that GeoJSON", seconds, "s")


def bench_bbox_page(runs: int = 30) -> list:
    from rest_framework.test import APIRequestFactory

    from surveillance_map.api.views import CameraViewSet
    from surveillance_map.exports import records

    class SyntheticCameraViewSet(CameraViewSet):
        # The public list with synthetic rows let in; everything else is the API's own code.
        throttle_classes = ()

        def filtered_cameras(self, filters):
            return records.export_queryset(filters=filters, include_synthetic=True)

    view = SyntheticCameraViewSet.as_view({"get": "list"})
    factory = APIRequestFactory()
    figures = []
    for label, viewport in (("city-viewport", LONDON_VIEWPORT), ("country-size", BRITAIN)):
        figures += _bbox_page_figures(view, factory, label, viewport, runs)
    return figures


def _bbox_page_figures(view, factory, label: str, viewport: str, runs: int) -> list:
    from bench.harness import Figure

    def request():
        return factory.get("/api/v1/cameras/", {"bbox": viewport}, HTTP_HOST="localhost")

    times = []
    for _ in range(runs):
        one = request()
        started = time.perf_counter()
        response = view(one)
        if hasattr(response, "render"):  # a DRF Response (elsewhere than PostGIS)
            response.render()
        times.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, response.content[:200]
    features = json.loads(response.content)["features"]
    sent = _queries_sent(view, request())
    replayed = statistics.median(sorted(_replayed_ms(sent) for _ in range(runs)))
    plain = statistics.median(sorted(_plain_page_ms(features, viewport) for _ in range(runs)))
    ours = statistics.median(times)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"   API bbox page {viewport}: {len(features)} cameras, {runs} runs", flush=True)
    return [
        Figure(f"API {label} bbox page, median", ours, "ms", "≤ 100 ms"),
        Figure("  p95", p95, "ms", "≤ 50 ms at 5M"),
        Figure(f"  its {len(sent)} queries run directly, median", replayed, "ms"),
        Figure("  ratio to its queries", ours / replayed, "×", "≤ 1.5×"),
        Figure("  the box's first page in plain SQL, median", plain, "ms"),
        Figure("  ratio to plain SQL", ours / plain, "×", "≤ 1.5×"),
    ]


def _queries_sent(view, request) -> list[str]:
    """The SQL one request sends, as sent (parameters bound on the client)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = view(request)
    assert response.status_code == 200, response.content[:200]
    return [query["sql"] for query in captured.captured_queries]


def _replayed_ms(queries: list[str]) -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(sql)
            cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def _plain_page_ms(features: list[dict], viewport: str) -> float:
    """The page's two queries written plainly (the ids in the box in spatial-key order, their
    features as JSON), run directly: the box test is the API's own, exact ST_Intersects (`&&`
    alone, the bounding boxes in float4, lets in points up to about half a metre outside)."""
    from django.db import connection

    from surveillance_map.api.features import features_json

    west, south, east, north = (float(v) for v in viewport.split(","))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM cameras_camera"
            " WHERE ST_Intersects(location, ST_MakeEnvelope(%s, %s, %s, %s, 4326))"
            " ORDER BY spatial_key, id LIMIT %s",
            [west, south, east, north, len(features) + 1],
        )
        ids = [row[0] for row in cursor.fetchall()][: len(features)]
    features_json(ids)
    return (time.perf_counter() - started) * 1000


def run() -> list:
    """Figures (for bench/run.py); progress lines are printed as it goes."""
    _setup()

    if not is_postgis():
        return ["exports: PostGIS only (set DATABASE_URL=postgis://…)"]
    return bench_exports() + bench_bbox_page()


if __name__ == "__main__":
    for item in run():
        print(f"{item.name}: {item.shown()}" if hasattr(item, "shown") else item)
