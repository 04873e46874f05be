"""What every benchmark needs: a scratch database, timed `manage.py` runs and figures.

The scratch database (`surveillance_map_bench` on the server of DATABASE_URL, or
BENCH_DATABASE_NAME) is dropped and created again on demand, so a benchmark never touches
development or test data.
"""

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
# Parallel runs (several developers on one server) each need their own scratch database.
BENCH_DATABASE = os.environ.get("BENCH_DATABASE_NAME", "surveillance_map_bench")
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", BENCH_DATABASE):
    raise SystemExit(f"BENCH_DATABASE_NAME must be a plain lower-case name, not {BENCH_DATABASE!r}")


class BenchmarkFailed(Exception):
    """A benchmark could not produce its figures; the others still run."""


@dataclass
class Figure:
    name: str
    value: float | int | str
    unit: str = ""
    target: str = ""

    def shown(self) -> str:
        if isinstance(self.value, float):
            text = f"{self.value:,.1f}"
        elif isinstance(self.value, int):
            text = f"{self.value:,}"
        else:
            text = self.value
        return f"{text} {self.unit}".strip()


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    stdout: str


def server_url(database: str) -> str:
    """DATABASE_URL with another database name."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    if parts.scheme not in ("postgis", "postgres", "postgresql"):
        raise SystemExit("The benchmarks need PostGIS: set DATABASE_URL=postgis://…")
    return urlunsplit(parts._replace(path=f"/{database}"))


def connect(database: str = BENCH_DATABASE) -> psycopg.Connection:
    url = urlsplit(server_url(database))._replace(scheme="postgresql")
    return psycopg.connect(urlunsplit(url), autocommit=True)


def fresh_database() -> None:
    """Drop and create the scratch database, migrated, and point DATABASE_URL at it."""
    with connect("postgres") as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    os.environ["DATABASE_URL"] = server_url(BENCH_DATABASE)
    manage("migrate", "--no-input", "-v", "0")


def drop_database() -> None:
    with connect("postgres") as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


def manage(*args: str) -> Run:
    """Run `manage.py` in a child process; its wall time and peak RSS, as production runs it."""
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": os.environ.get("SECRET_KEY", "bench")}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    stdout = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise BenchmarkFailed(f"manage.py {' '.join(args)} failed ({child.returncode}):\n{stdout}")
    return Run(seconds, usage.ru_maxrss / 1024, stdout)
