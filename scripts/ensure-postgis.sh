#!/usr/bin/env bash
# Make sure a PostGIS-capable PostgreSQL answers on 127.0.0.1:5432 and print its database URL.
# Uses a server that already answers; otherwise installs PostgreSQL 15 + PostGIS from apt and
# starts it. The role used must be a superuser: test databases run CREATE EXTENSION postgis.
set -euo pipefail
here=$(dirname "$0")
host=127.0.0.1 port=5432 db=${PGDATABASE_NAME:-surveillance_map}

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

if ! pg_isready -q -h $host -p $port 2>/dev/null; then
  bash "$here/ensure-system-packages.sh" postgresql-15 postgresql-15-postgis-3 postgresql-client-15 >&2
  cluster=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$cluster" main start >&2 || true
  for _ in $(seq 30); do pg_isready -q -h $host -p $port && break; sleep 1; done
  pg_isready -q -h $host -p $port || { echo "PostgreSQL did not start on $host:$port" >&2; exit 1; }
fi

# The PostGIS extension must be installed for the server's own major version.
major=$(psql -XAtqh $host -p $port -U postgres -d postgres -c 'show server_version_num' 2>/dev/null \
  || as_postgres psql -XAtq -c 'show server_version_num')
major=$((major / 10000))
bash "$here/ensure-system-packages.sh" "postgresql-$major-postgis-3" >&2

if psql -XAtqh $host -p $port -U postgres -d postgres -c 'select 1' >/dev/null 2>&1; then
  url="postgis://postgres@$host:$port/$db"
else
  # A fresh Debian cluster asks for a password over TCP: give our role one.
  as_postgres psql -Xq -c "do \$\$ begin
    if not exists (select from pg_roles where rolname = 'surveillance_map') then
      create role surveillance_map login superuser password 'surveillance_map';
    end if; end \$\$;" >&2
  url="postgis://surveillance_map:surveillance_map@$host:$port/$db"
fi
echo "$url"
