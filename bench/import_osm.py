"""Import benchmark: a 35,000-node OSM XML file into an empty database, then the same file again.

The file is built from the real Swiss nodes in tests/data (Overpass JSON), copied with new ids
and jittered by up to ~5 km, so tags and their mix are those of real data.
"""

import json
import random
import re
import tempfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

from bench.harness import ROOT, Figure, fresh_database, manage

NODES = 35_000
SAMPLE = ROOT / "tests" / "data" / "osm_switzerland_overpass_elements.json"
FIRST_ID = 90_000_000_000  # above every real OSM node id, so nobody mistakes these for real
_COUNTS = re.compile(r"created ([\d,]+), updated ([\d,]+), unchanged ([\d,]+), rejected ([\d,]+)")


def write_osm_file(
    path: Path, *, nodes: int = NODES, seed: int = 1, first_id: int = FIRST_ID
) -> None:
    """Write `nodes` surveillance nodes as OSM XML, cycling through the real sample."""
    sample = [e for e in json.loads(SAMPLE.read_text(encoding="utf-8")) if e["type"] == "node"]
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<osm version="0.6" generator="surveillance-map bench">\n')
        for n in range(nodes):
            node = sample[n % len(sample)]
            jitter = 0.0 if n < len(sample) else 0.05
            lat = node["lat"] + rng.uniform(-jitter, jitter)
            lon = node["lon"] + rng.uniform(-jitter, jitter)
            out.write(f'  <node id="{first_id + n}" version="1" lat="{lat:.7f}" lon="{lon:.7f}">\n')
            for key, value in node.get("tags", {}).items():
                out.write(f"    <tag k={quoteattr(key)} v={quoteattr(value)}/>\n")
            out.write("  </node>\n")
        out.write("</osm>\n")


def _counts(stdout: str) -> dict[str, int]:
    found = _COUNTS.search(stdout)
    if not found:
        raise SystemExit(f"unexpected import_cameras output:\n{stdout}")
    values = [int(v.replace(",", "")) for v in found.groups()]
    return dict(zip(("created", "updated", "unchanged", "rejected"), values, strict=True))


def run() -> list[Figure]:
    fresh_database()
    with tempfile.TemporaryDirectory(prefix="sm-bench-") as tmp:
        path = Path(tmp) / "cameras-35k.osm"
        write_osm_file(path)
        report = str(Path(tmp) / "report.csv")
        first = manage("import_cameras", str(path), "--report", report, "-v", "0")
        again = manage("import_cameras", str(path), "--report", report, "-v", "0")
    created, repeated = _counts(first.stdout), _counts(again.stdout)
    changed = repeated["created"] + repeated["updated"]
    return [
        Figure(f"import {NODES:,} OSM nodes (empty db)", first.seconds, "s", "< 20 s"),
        Figure("  cameras created / rejected", f"{created['created']:,} / {created['rejected']:,}"),
        Figure("  peak RSS", first.peak_rss_mb, "MB"),
        Figure("re-import the same file", again.seconds, "s"),
        Figure("  cameras changed by the re-import", changed, "", "0"),
    ]
