"""Generation benchmark: `generate_cameras --count 1000000` into an empty database.

Leaves the million synthetic cameras in the scratch database, clustered on their spatial key
(`cluster_cameras`), for the benchmarks after it; BENCH_CAMERAS=5000000 measures everything at
five million instead. A scratch database kept by an earlier run (--keep) that holds exactly
that many cameras is used as it is: the benchmarks after this one can be run again without
generating again.
"""

import os

import psycopg

from bench.harness import Figure, connect, fresh_database, manage

COUNT = int(os.environ.get("BENCH_CAMERAS", "1000000"))


def _kept() -> int:
    try:
        with connect() as db:
            return db.execute("SELECT count(*) FROM cameras_camera").fetchone()[0]
    except psycopg.Error:  # no such database, or not migrated
        return 0


def run() -> list[Figure]:
    if _kept() == COUNT:
        manage("migrate", "--no-input", "-v", "0")  # what the code has added since
        return [f"reused the kept scratch database ({COUNT:,} cameras)"]
    fresh_database()
    made = manage("generate_cameras", "--count", str(COUNT), "--seed", "0", "-v", "0")
    # The maintenance step of a live site after a large load: the table in spatial-key order.
    clustered = manage("cluster_cameras")
    with connect() as db:
        cameras, revisions, links = db.execute(
            """SELECT (SELECT count(*) FROM cameras_camera WHERE dataset = 'synthetic'),
                (SELECT count(*) FROM cameras_revision),
                (SELECT count(*) FROM cameras_camera_capabilities)"""
        ).fetchone()
        size = db.execute(
            "SELECT pg_total_relation_size('cameras_camera') + "
            "pg_total_relation_size('cameras_revision') + "
            "pg_total_relation_size('cameras_camera_capabilities')"
        ).fetchone()[0]
    return [
        Figure(f"generate {COUNT:,} synthetic cameras", made.seconds, "s", "< 60 s"),
        Figure("  peak RSS (manage.py process)", made.peak_rss_mb, "MB"),
        Figure("  then cluster_cameras (table in spatial-key order)", clustered.seconds, "s"),
        Figure(
            "  cameras / revisions / capability links", f"{cameras:,} / {revisions:,} / {links:,}"
        ),
        Figure("  on disk (tables + indexes)", size / 2**20, "MB"),
    ]
