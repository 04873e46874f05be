"""The whole OSM surveillance layer: import ~560,000 surveillance nodes from one PBF, and how long
a moderator's approval waits while that import runs.

The PBF is built with pyosmium: 560,000 `man_made=surveillance` nodes whose tags cycle through
the real Swiss sample (tests/data), a quarter of them turned into ALPR (taginfo, August 2026:
144k of 560k), jittered over Europe, plus unrelated nodes and ways (as in a real extract, the
importer must skip them). Its header carries a replication timestamp, as Geofabrik's do.

While the import runs (until the command ends: its commit and the queued tile cells applied
after it), a second process approves a sighting (a camera create + revision + tile cells +
data version) every 0.5 s and records how long each approval took.

Then the rows the import stored are copied once more inside PostgreSQL (`storing_again`): the
least these rows can cost on this machine, whatever reads and maps the file.
"""

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import osmium
from osmium.osm.mutable import Node, Way

from bench.harness import ROOT, Figure, connect, fresh_database, manage

NODES = int(os.environ.get("BENCH_OSM_NODES", 560_000))
ALPR_SHARE = 0.26
UNRELATED_NODES = NODES // 2
WAYS = NODES // 20
SAMPLE = ROOT / "tests" / "data" / "osm_switzerland_overpass_elements.json"
FIRST_ID = 90_000_000_000  # above every real OSM node id


def write_layer(path: Path, *, nodes: int = NODES, seed: int = 1) -> None:
    """Write the benchmark PBF (about 1 s per 100,000 nodes)."""
    sample = [e["tags"] for e in json.loads(SAMPLE.read_text()) if e.get("type") == "node"]
    rng = random.Random(seed)
    header = osmium.io.Header()
    header.set("osmosis_replication_timestamp", "2026-08-01T00:00:00Z")
    with osmium.SimpleWriter(str(path), header=header, overwrite=True) as writer:
        for n in range(nodes):
            tags = dict(sample[n % len(sample)])
            if rng.random() < ALPR_SHARE:
                tags["surveillance:type"] = "ALPR"
                tags.pop("camera:type", None)
            lon, lat = rng.uniform(-10, 30), rng.uniform(36, 60)
            writer.add_node(Node(id=FIRST_ID + n, version=1, location=(lon, lat), tags=tags))
        base = FIRST_ID + nodes
        for n in range(UNRELATED_NODES):
            tags = {"highway": "street_lamp"} if n % 3 == 0 else {}
            location = (rng.uniform(-10, 30), rng.uniform(36, 60))
            writer.add_node(Node(id=base + n, version=1, location=location, tags=tags))
        for n in range(WAYS):
            refs = [base + (n * 4 + k) % UNRELATED_NODES for k in range(4)]
            writer.add_way(Way(id=FIRST_ID + n, version=1, nodes=refs, tags={"highway": "path"}))


APPROVER = """
import os, sys, time
import django
django.setup()
from django.contrib.gis.geos import Point
from surveillance_map.sightings.models import Sighting
from surveillance_map.sightings.services import sighting_approve
from tests.factories import make_moderator
from django.utils import timezone
moderator = make_moderator("bench-moderator")

def approve():
    sighting = Sighting.objects.create(
        kind="new", location=Point(5.0, 50.0, srid=4326), submitted_on=timezone.localdate(),
        surveillance_type="camera")
    started = time.perf_counter()
    sighting_approve(sighting=sighting, moderator=moderator)
    return time.perf_counter() - started

approve()  # warm: the gazetteer and the code are loaded before anything is timed
open(sys.argv[1], "w").close()
out = open(sys.argv[1], "a")
while not os.path.exists(sys.argv[2]):
    out.write(f"{approve()}\\n")
    out.flush()
    time.sleep(0.5)
"""


def _approver(waits: Path, stop: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench",
        "DJANGO_SETTINGS_MODULE": "surveillance_map.settings",
    }
    return subprocess.Popen(
        [sys.executable, "-c", APPROVER, str(waits), str(stop)], cwd=ROOT, env=env
    )


# The tables an import fills, one row or more per camera.
STORED_TABLES = (
    "cameras_camera",
    "cameras_revision",
    "imports_sourcerecord",
    "cameras_camera_capabilities",
)


def storing_again() -> float:
    """Seconds PostgreSQL alone takes to store the import's rows once more: each table's rows
    copied by one INSERT … SELECT into a table with the same columns and indexes. No Python, no
    text to parse, no foreign-key checks, triggers or tile cells: less than any import of these
    rows can cost on this machine."""
    seconds = 0.0
    with connect() as db:
        for table in STORED_TABLES:
            db.execute(f"CREATE TABLE bench_again (LIKE {table} INCLUDING ALL)")
            started = time.perf_counter()
            db.execute(f"INSERT INTO bench_again SELECT * FROM {table}")
            seconds += time.perf_counter() - started
            db.execute("DROP TABLE bench_again")
    return seconds


def run() -> list[Figure]:
    fresh_database()
    with tempfile.TemporaryDirectory(prefix="sm-bench-") as tmp:
        path = Path(tmp) / "surveillance-layer.osm.pbf"
        started = time.perf_counter()
        write_layer(path)
        built = time.perf_counter() - started
        size_mb = path.stat().st_size / 1e6
        waits_file, stop = Path(tmp) / "waits.txt", Path(tmp) / "stop"
        approver = _approver(waits_file, stop)
        while not waits_file.exists():  # approving (warmed up) before the import starts
            time.sleep(0.2)
        report = str(Path(tmp) / "report.csv")
        try:
            # Until the command ends: the import, its commit and the queued cells applied.
            first = manage("import_cameras", str(path), "--report", report, "-v", "0")
        finally:
            stop.touch()
            approver.wait()
        waits = [float(line) for line in waits_file.read_text().split()]
    again = storing_again()
    waits.sort()
    worst = waits[-1] if waits else float("nan")
    median = waits[len(waits) // 2] if waits else float("nan")
    return [
        Figure(f"build the PBF ({NODES:,} cameras + unrelated data, {size_mb:.0f} MB)", built, "s"),
        Figure(f"import {NODES:,} OSM surveillance nodes (empty db)", first.seconds, "s", "≤ 60 s"),
        Figure("  peak RSS of the import", first.peak_rss_mb, "MB", "flat"),
        Figure("  PostgreSQL alone storing the same rows again (INSERT … SELECT)", again, "s"),
        Figure(f"  approvals during the import: {len(waits)}, median wait", median * 1000, "ms"),
        Figure("  worst approval wait during the import", worst * 1000, "ms", "< 1,000 ms"),
    ]
