#!/usr/bin/env bash
# Run a command (the test suite) with the services it needs: Redis (started when none answers)
# and a streaming replica of the PostgreSQL primary on REPLICA_PORT (5433), exported to the
# tests as TEST_REPLICA_PORT. Whatever this started is stopped afterwards: pass, fail, a failed
# start (the replica cluster may exist already) or an interruption (Ctrl-C, SIGTERM, SIGHUP).
set -uo pipefail
here=$(dirname "$0")
export REPLICA_PORT=${REPLICA_PORT:-5433}
redis=running replica=running
stop() {
  trap - EXIT INT TERM HUP
  bash "$here/stop-test-services.sh" "$redis" "$replica"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
bash "$here/ensure-postgis.sh" >/dev/null || exit 1
redis=$(bash "$here/ensure-redis.sh") || exit 1
# Until ensure-replica.sh says otherwise, a cluster of ours on the port is ours to drop.
replica=started
replica=$(bash "$here/ensure-replica.sh") || { replica=started; exit 1; }
TEST_REPLICA_PORT=$REPLICA_PORT "$@"
