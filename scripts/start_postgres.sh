#!/usr/bin/env bash
# Install PostgreSQL from Debian's packages (if missing), start it on 127.0.0.1 and create the test
# role and database.  Idempotent: a second run only checks that the server answers.
#
# Prints the URL to use, e.g.  postgresql://newsgraph:newsgraph@127.0.0.1:5432/newsgraph_test
# (tests/test_store_backends.py reads it from $NEWSGRAPH_TEST_PG, defaulting to that URL).
#
# As root (CI, containers) it uses the Debian cluster (pg_ctlcluster).  As an ordinary user it
# runs a private cluster under $PG_DIR (default .pgdata/) on port $PG_PORT (default 54329), so no
# sudo is needed once the binaries are installed.
set -euo pipefail

PG_USER=${PG_USER:-newsgraph}
PG_PASS=${PG_PASS:-newsgraph}
PG_DB=${PG_DB:-newsgraph_test}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ -z "$(pg_bindir)" ]; then
    echo "start_postgres: installing postgresql from Debian packages" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1 || {
        as_root apt-get update -q >/dev/null
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
    }
fi
BIN=$(pg_bindir)
VERSION=$(basename "$(dirname "$BIN")")

if [ "$(id -u)" = 0 ]; then
    PORT=${PG_PORT:-5432}
    if ! pg_lsclusters -h 2>/dev/null | awk '{print $2}' | grep -qx main; then
        pg_createcluster "$VERSION" main --port "$PORT" >/dev/null
    fi
    PORT=$(pg_lsclusters -h | awk '$2 == "main" {print $3; exit}')
    if ! pg_lsclusters -h | awk '$2 == "main" {print $4}' | grep -q online; then
        pg_ctlcluster "$VERSION" main start
    fi
    psql_admin() { runuser -u postgres -- "$BIN/psql" -p "$PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }
else
    PORT=${PG_PORT:-54329}
    DIR=${PG_DIR:-$PWD/.pgdata}
    if [ ! -f "$DIR/PG_VERSION" ]; then
        "$BIN/initdb" -D "$DIR" -U postgres --auth=trust >/dev/null
    fi
    if ! "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
        "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
            -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" start >/dev/null
    fi
    psql_admin() { "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
fi

# Wait for the server to accept connections (a fresh start can take a moment).
for _ in $(seq 1 30); do
    psql_admin -c "SELECT 1" >/dev/null 2>&1 && break
    sleep 1
done

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]; then
    psql_admin -c "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASS'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
    psql_admin -c "CREATE DATABASE $PG_DB OWNER $PG_USER"
fi

echo "postgresql://$PG_USER:$PG_PASS@127.0.0.1:$PORT/$PG_DB"
