"""Tile-cell upkeep: what imports into a populated database do to the cells table's size.

Needs the generated cameras (bench/generate.py). Imports a 35,000-node OSM file twice (new
cameras, each in a cell the triggers upsert; then a second copy with other ids in the same
places) and prints the size of maps_tilecell before and after each, after a plain VACUUM (what
autovacuum can reach) and compacted (VACUUM FULL: the same rows without dead space), with
the table and its index apart.
"""

import tempfile
from pathlib import Path

from bench.harness import BENCH_DATABASE, Figure, connect, manage
from bench.import_osm import FIRST_ID, write_osm_file


def _size() -> float:
    with connect(BENCH_DATABASE) as db:
        return db.execute("SELECT pg_total_relation_size('maps_tilecell')").fetchone()[0] / 2**20


def _detail() -> str:
    """Table and index apart, the rows, and how many updates were HOT (same page, no index
    entry): the index's fill depends on the order rows went in, the table's on the updates."""
    with connect(BENCH_DATABASE) as db:
        heap, index, rows = db.execute(
            "SELECT pg_relation_size('maps_tilecell'), pg_indexes_size('maps_tilecell'), "
            "(SELECT count(*) FROM maps_tilecell)"
        ).fetchone()
        updated, hot = db.execute(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables "
            "WHERE relname = 'maps_tilecell'"
        ).fetchone()
    return (
        f"table {heap / 2**20:.1f} MB + index {index / 2**20:.1f} MB, {rows:,} cells; "
        f"{hot:,} of {updated:,} updates HOT so far"
    )


def run() -> list[Figure | str]:
    before = _size()
    figures = [Figure("tile cells before", before, "MB"), "  " + _detail()]
    with tempfile.TemporaryDirectory(prefix="sm-bench-") as tmp:
        for n in (1, 2):
            path = Path(tmp) / f"cameras-{n}.osm"
            write_osm_file(path, seed=n, first_id=FIRST_ID + n * 10_000_000)
            run = manage("import_cameras", str(path), "--report", f"{tmp}/r.csv", "-v", "0")
            figures.append(Figure(f"after import {n} ({run.seconds:.0f} s)", _size(), "MB"))
            figures.append("  " + _detail())
    with connect(BENCH_DATABASE) as db:
        db.execute("VACUUM maps_tilecell")
    vacuumed = _size()
    figures += [Figure("after VACUUM", vacuumed, "MB"), "  " + _detail()]
    with connect(BENCH_DATABASE) as db:
        db.execute("VACUUM FULL maps_tilecell")
    compact = _size()
    figures.append(Figure("the same cells, compacted (VACUUM FULL)", compact, "MB"))
    figures.append("  " + _detail())
    figures.append(Figure("bloat (after VACUUM / compacted)", vacuumed / compact, "×", "≤ 1.5×"))
    return figures
