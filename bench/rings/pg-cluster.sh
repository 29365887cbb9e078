#!/bin/sh
# Starts a throw-away PostgreSQL 15 cluster with pgRouting for the rings benchmark, on loopback only.
# Usage: bench/rings/pg-cluster.sh start|stop   (needs: apt-get install postgresql-15 postgresql-15-pgrouting)
set -eu
BIN=/usr/lib/postgresql/15/bin
DIR=${RINGS_PG_DIR:-/tmp/rings-bench-pg}
PORT=${RINGS_PG_PORT:-55432}
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
case "${1:-start}" in
  start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
      mkdir -p "$DIR" && [ "$(id -u)" = 0 ] && chown postgres "$DIR"
      as_pg "$BIN/initdb -D $DIR -U postgres --auth=trust >/dev/null"
    fi
    as_pg "$BIN/pg_ctl -D $DIR -l $DIR/log -w -o \"-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c work_mem=1GB -c maintenance_work_mem=2GB -c max_wal_size=8GB -c fsync=off -c synchronous_commit=off\" start >/dev/null"
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    as_pg "$BIN/pg_ctl -D $DIR -m fast stop >/dev/null" || true
    ;;
esac
