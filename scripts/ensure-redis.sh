#!/usr/bin/env bash
# Make sure a Redis answers on 127.0.0.1:${REDIS_PORT:-6379}; start one (Debian's redis-server,
# installed when missing) if none does. Prints "started PIDFILE" when it started one, so the
# caller can stop exactly that one (scripts/stop-test-services.sh), else "running".
set -euo pipefail
here=$(dirname "$0")
port=${REDIS_PORT:-6379}
state=${TEST_SERVICES_DIR:-var/test-services}

answers() { [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; }

bash "$here/ensure-system-packages.sh" redis-server redis-tools >&2
if answers; then echo running; exit 0; fi
mkdir -p "$state"
pidfile=$(realpath "$state")/redis-$port.pid
redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --pidfile "$pidfile" \
  --save '' --appendonly no --dir "$(realpath "$state")" --logfile "$(realpath "$state")/redis.log"
for _ in $(seq 50); do answers && break; sleep 0.1; done
answers || { echo "Redis did not start on 127.0.0.1:$port" >&2; exit 1; }
echo "started $pidfile"
