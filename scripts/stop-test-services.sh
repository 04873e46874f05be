#!/usr/bin/env bash
# Stop what scripts/ensure-redis.sh and ensure-replica.sh started: arguments are their outputs
# ("started …" or "running"), as scripts/with-test-services.sh passes them; the replica's port
# is REPLICA_PORT. "started" for the replica drops the cluster sm_replica_PORT if it exists
# (running or not) and its replication slot.
redis=${1:-running} replica=${2:-running}
name=sm_replica_${REPLICA_PORT:-5433}
if [ "${redis%% *}" = started ]; then
  pidfile=${redis#started }
  [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
fi
if [ "$replica" = started ]; then
  major=$(pg_lsclusters -h | awk -v name="$name" '$2 == name {print $1}')
  if [ -n "$major" ]; then
    # Immediate: the copy is thrown away, and a fast shutdown's restartpoint can outlast
    # pg_ctl's minute on a loaded machine, when pg_dropcluster --stop gives up and drops nothing.
    pg_ctlcluster --skip-systemctl-redirect -m immediate "$major" "$name" stop 2>/dev/null
    pg_dropcluster --stop "$major" "$name"
  fi
  # The slot would keep WAL on the primary for a replica that is gone.
  for user in postgres surveillance_map; do
    PGPASSWORD=surveillance_map psql -XAtq -h 127.0.0.1 -p 5432 -U "$user" -d postgres -c \
      "select pg_drop_replication_slot('$name') from pg_replication_slots
       where slot_name = '$name'" >/dev/null 2>&1 && break
  done
fi
exit 0
