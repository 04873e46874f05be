"""`make bench`: run the benchmarks against a scratch PostGIS database and print their figures.

    DATABASE_URL=postgis://… .venv/bin/python bench/run.py [NAME …] [--keep]

NAME picks benchmarks (default: all, in the order below); one that needs another's data pulls
it in. Figures are printed, never asserted: timings depend on the machine and its load. The
scratch database `surveillance_map_bench` (or BENCH_DATABASE_NAME) is dropped at the end unless
--keep is given.
To add a benchmark, write a module under bench/ whose `run()` returns Figures (or lines of
text) and register it in BENCHMARKS.
"""

import argparse
import importlib
import os
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import BENCH_DATABASE, Figure, drop_database, server_url  # noqa: E402

# name: (module, benchmarks whose data it needs)
BENCHMARKS = {
    "import": ("bench.import_osm", ()),
    "osm-layer": ("bench.osm_layer", ()),
    "generate": ("bench.generate", ()),
    "exports": ("bench.exports", ("generate",)),
    "tiles": ("bench.tiles", ("generate",)),
    "cells": ("bench.cells", ("generate",)),
    "load": ("bench.load", ("generate",)),  # makes the generated cameras public: after tiles
    "nginx": ("bench.nginx", ("generate",)),  # cached tiles through nginx, as `load` does
    "serve": ("bench.serve", ()),
    "uploads": ("bench.uploads", ()),
    "first-render": ("bench.first_render", ()),
}


def _selected(names: list[str]) -> list[str]:
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        raise SystemExit(
            f"unknown benchmark(s): {', '.join(sorted(unknown))}; "
            f"choose from {', '.join(BENCHMARKS)}"
        )
    wanted = set(names or BENCHMARKS)
    for name in list(wanted):
        wanted.update(BENCHMARKS[name][1])
    return [name for name in BENCHMARKS if name in wanted]


def _table(rows: list[tuple[str, Figure | str]]) -> str:
    lines = [("benchmark", "figure", "value", "target")]
    for bench, item in rows:
        if isinstance(item, Figure):
            lines.append((bench, item.name, item.shown(), item.target))
        else:
            lines.append((bench, item, "", ""))
    widths = [max(len(line[i]) for line in lines) for i in range(3)]
    out = []
    for n, (bench, name, value, target) in enumerate(lines):
        out.append(f"{bench:<{widths[0]}}  {name:<{widths[1]}}  {value:>{widths[2]}}  {target}")
        if n == 0:
            out.append("-" * (sum(widths) + 14))
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(BENCHMARKS))
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    options = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("Set DATABASE_URL=postgis://… (make bench does).")
    names = _selected(options.names)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Benchmarks: {', '.join(names)} — {os.cpu_count()} CPUs, load average {load}")
    rows: list[tuple[str, Figure | str]] = []
    # Whatever a benchmark runs in-process goes to the scratch database, never the dev one.
    os.environ["DATABASE_URL"] = server_url(BENCH_DATABASE)
    failed = []
    try:
        for name in names:
            print(f"== {name}", flush=True)
            started = time.perf_counter()
            try:
                items = importlib.import_module(BENCHMARKS[name][0]).run()
            except Exception as error:  # one broken benchmark must not hide the others' figures
                traceback.print_exc()
                items = [f"FAILED: {type(error).__name__}: {str(error).splitlines()[0]}"]
                failed.append(name)
            for item in items:
                shown = f"{item.name}: {item.shown()}" if isinstance(item, Figure) else item
                print(f"   {shown}")
                rows.append((name, item))
            print(f"   ({time.perf_counter() - started:.0f} s in all)", flush=True)
    finally:
        if options.keep:
            print(f"Kept the scratch database: {os.environ['DATABASE_URL']}")
        else:
            drop_database()
    print()
    print(_table(rows))
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
