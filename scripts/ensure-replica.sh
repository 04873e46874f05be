#!/usr/bin/env bash
# Make sure a PostgreSQL streaming replica of the 127.0.0.1:5432 primary answers on
# 127.0.0.1:${REPLICA_PORT:-5433}, for the read-replica tests: a Debian cluster "sm_replica_PORT"
# copied with pg_basebackup, streaming through the replication slot of the same name (so that the
# primary keeps the WAL it has not received yet, even under load). Prints "started" when it made
# the replica; scripts/stop-test-services.sh then stops and drops it and its slot, leaving the
# primary as it was. Prints "running" when another replica (not a cluster of ours) answered.
# The primary may need a replication entry in pg_hba.conf (added, same method as its other
# loopback entry) and wal_level=replica (the default; set and restarted when it is "minimal").
set -euo pipefail
here=$(dirname "$0")
port=${REPLICA_PORT:-5433}
name=sm_replica_$port  # one per port: concurrent runs each have their own

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

# The role ensure-postgis.sh uses: postgres without a password, or its own password role.
if psql -XAtqh 127.0.0.1 -p 5432 -U postgres -d postgres -c 'select 1' >/dev/null 2>&1; then
  export PGUSER=postgres
else
  export PGUSER=surveillance_map PGPASSWORD=surveillance_map
fi
primary() { psql -XAtq -h 127.0.0.1 -p 5432 -d postgres -c "$1"; }
replica() { psql -XAtq -h 127.0.0.1 -p "$port" -d postgres -c "$1"; }
streaming() { [ "$(replica "select count(*) from pg_stat_wal_receiver where status = 'streaming'" 2>/dev/null)" = 1 ]; }
wait_streaming() {
  for _ in $(seq "$1"); do streaming && return 0; sleep 1; done
  return 1
}

# A cluster of ours is left by an interrupted run, running or not (its replay perhaps paused by
# tests/production/test_replica.py): drop it, with its slot, and copy afresh.
if pg_lsclusters -h | awk -v name="$name" '$2 == name {found = 1} END {exit !found}'; then
  echo "Dropping the replica $name left by an earlier run" >&2
  REPLICA_PORT=$port bash "$here/stop-test-services.sh" running started >&2
fi
if pg_isready -q -h 127.0.0.1 -p "$port"; then
  [ "$(replica 'select pg_is_in_recovery()')" = t ] \
    || { echo "127.0.0.1:$port answers but is not a replica" >&2; exit 1; }
  echo running
  exit 0
fi

major=$(( $(primary 'show server_version_num') / 10000 ))
if [ "$(primary 'show wal_level')" = minimal ]; then
  echo "Setting wal_level=replica on the primary (restarts it)" >&2
  primary "alter system set wal_level = replica" >/dev/null
  pg_ctlcluster --skip-systemctl-redirect "$major" main restart >&2
fi
if [ -z "$(primary "select 1 from pg_hba_file_rules where 'replication' = any(database)
      and type = 'host' and (address is null or address = '127.0.0.1') limit 1")" ]; then
  method=$(primary "select auth_method from pg_hba_file_rules where type = 'host'
      and address = '127.0.0.1' and 'all' = any(database) order by line_number limit 1")
  hba=$(primary 'show hba_file')
  echo "Adding a replication entry to $hba ($method)" >&2
  printf '\n# Streaming replica for the Surveillance Map tests (scripts/ensure-replica.sh)\nhost replication all 127.0.0.1/32 %s\n' \
    "${method:-scram-sha-256}" >> "$hba"
  primary 'select pg_reload_conf()' >/dev/null
fi

data=/var/lib/postgresql/$major/$name
primary "select pg_drop_replication_slot('$name') from pg_replication_slots
  where slot_name = '$name' and not active" >/dev/null
pg_createcluster "$major" "$name" -p "$port" >/dev/null
# The same roles arrive from the primary: let them in the same way.
cp "$(primary 'show hba_file')" "/etc/postgresql/$major/$name/pg_hba.conf"
as_postgres find "$data" -mindepth 1 -delete
echo "Copying the primary into a replica on port $port (pg_basebackup)" >&2
as_postgres env PGUSER="$PGUSER" PGPASSWORD="${PGPASSWORD:-}" \
  pg_basebackup -h 127.0.0.1 -p 5432 -D "$data" -X stream -R -C -S "$name" --checkpoint=fast
# A loaded machine can take minutes to replay the WAL of the copy: wait for it (pg_ctl -t).
pg_ctlcluster --skip-systemctl-redirect "$major" "$name" start -- -t 600 >&2
wait_streaming 120 || { echo "The replica on 127.0.0.1:$port does not stream" >&2; exit 1; }
echo started
