#!/usr/bin/env bash
# Run a command (the test suite) with the services it needs: Redis (started when none answers)
# and a streaming replica of the PostgreSQL primary on REPLICA_PORT (5433), exported to the
# tests as TEST_REPLICA_PORT. Whatever this started is stopped afterwards, pass or fail.
set -uo pipefail
here=$(dirname "$0")
port=${REPLICA_PORT:-5433}
bash "$here/ensure-postgis.sh" >/dev/null || exit 1
redis=$(bash "$here/ensure-redis.sh") || exit 1
replica=$(REPLICA_PORT=$port bash "$here/ensure-replica.sh") \
  || { bash "$here/stop-test-services.sh" "$redis"; exit 1; }
TEST_REPLICA_PORT=$port "$@"
status=$?
REPLICA_PORT=$port bash "$here/stop-test-services.sh" "$redis" "$replica"
exit $status
