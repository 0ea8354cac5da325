#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1 for the test suite, installing the server
# with apt-get when it is missing. Prints the SQLAlchemy URL of its maintenance database.
#   usage: url=$(bash .ci/postgres.sh [DATA_DIR] [PORT])
set -euo pipefail
data=${1:-/tmp/huikan-pg}
port=${2:-54329}

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
cd /  # the postgres user may not be able to enter the caller's folder

# The server refuses to run as root: the cluster belongs to the postgres system user.
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
if [ -f "$data/postmaster.pid" ]; then
  su postgres -c "$bin/pg_ctl -D $data -m immediate stop" >&2 || true
fi
rm -rf "$data"
install -d -o postgres -g postgres "$data"
su postgres -c "$bin/initdb -D $data -U huikan --auth=trust --encoding=UTF8 --locale=C.UTF-8" >/dev/null
if ! su postgres -c "$bin/pg_ctl -D $data -l $data/server.log -w -o '-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' start" >&2; then
  cat "$data/server.log" >&2
  exit 1
fi
echo "postgresql+psycopg://huikan@127.0.0.1:$port/postgres"
