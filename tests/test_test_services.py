"""scripts/with-test-services.sh drops the replica cluster it made, whatever ends the run.

The PostgreSQL tools are stand-ins on PATH that log their calls: no cluster is made.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
PORT = "5999"
CLUSTER = f"15 sm_replica_{PORT} {PORT} online postgres /nowhere /nowhere.log\n"
STUBS = {
    "pg_lsclusters": 'cat "$STATE/clusters" 2>/dev/null',
    "pg_ctlcluster": 'echo "pg_ctlcluster $*" >> "$STATE/log"',
    "pg_dropcluster": 'echo "pg_dropcluster $*" >> "$STATE/log"; rm -f "$STATE/clusters"',
    "psql": "exit 0",
    "pg_isready": "exit 0",
}
DROPPED = f"pg_dropcluster --stop 15 sm_replica_{PORT}"


def stub(path: Path, body: str) -> None:
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


@pytest.fixture
def bench(tmp_path):
    """A copy of the scripts with stand-in services; returns (scripts, state, environment)."""
    scripts, bin_, state = tmp_path / "scripts", tmp_path / "bin", tmp_path / "state"
    for folder in (scripts, bin_, state):
        folder.mkdir()
    for name in ("with-test-services.sh", "stop-test-services.sh", "ensure-replica.sh"):
        (scripts / name).write_text((SCRIPTS / name).read_text())
    stub(scripts / "ensure-postgis.sh", "exit 0")
    stub(scripts / "ensure-redis.sh", "echo running")
    for name, body in STUBS.items():
        stub(bin_ / name, body)
    env = {**os.environ, "PATH": f"{bin_}:{os.environ['PATH']}", "STATE": str(state)}
    env["REPLICA_PORT"] = PORT
    return scripts, state, env


def log(state: Path) -> str:
    return (state / "log").read_text() if (state / "log").exists() else ""


def test_a_replica_start_that_fails_half_way_is_dropped(bench):
    scripts, state, env = bench
    # The cluster was made (and perhaps started) before the copy or the wait failed.
    stub(scripts / "ensure-replica.sh", f"printf '{CLUSTER}' > \"$STATE/clusters\"; exit 1")
    run = subprocess.run(
        ["bash", scripts / "with-test-services.sh", "true"], env=env, capture_output=True
    )
    assert run.returncode == 1
    assert DROPPED in log(state)


def test_the_suites_status_is_kept_and_the_replica_dropped(bench):
    scripts, state, env = bench
    stub(scripts / "ensure-replica.sh", f"printf '{CLUSTER}' > \"$STATE/clusters\"; echo started")
    run = subprocess.run(
        ["bash", scripts / "with-test-services.sh", "sh", "-c", "exit 3"],
        env=env,
        capture_output=True,
    )
    assert run.returncode == 3
    assert DROPPED in log(state)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_drops_the_replica(bench, sig):
    scripts, state, env = bench
    stub(scripts / "ensure-replica.sh", f"printf '{CLUSTER}' > \"$STATE/clusters\"; echo started")
    suite = ["sh", "-c", 'touch "$STATE/suite"; exec sleep 60']
    run = subprocess.Popen(
        ["bash", scripts / "with-test-services.sh", *suite], env=env, start_new_session=True
    )
    for _ in range(200):
        if (state / "suite").exists():
            break
        time.sleep(0.05)
    # Ctrl-C and `timeout` signal the whole process group.
    os.killpg(run.pid, sig)
    assert run.wait(timeout=30) != 0
    assert DROPPED in log(state)


def test_a_replica_of_ours_left_running_is_dropped_before_a_new_copy(bench):
    scripts, state, env = bench
    (state / "clusters").write_text(CLUSTER)
    # The stand-in psql answers nothing, so the port "is not a replica" and the script stops
    # there, after the drop.
    run = subprocess.run(
        ["bash", scripts / "ensure-replica.sh"], env=env, capture_output=True, text=True
    )
    assert DROPPED in log(state)
    assert run.stdout != "running\n"
