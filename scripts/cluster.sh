#!/usr/bin/env bash
# A local Chainbreak cluster for a try: a throw-away PostgreSQL (Debian's postgresql package) in a temp
# directory and N `chainbreak serve --postgres` nodes on consecutive ports, all on loopback. Ctrl-C stops
# the nodes and the database and removes the directory (unless --keep). No docker needed.
#
# Usage: scripts/cluster.sh [--nodes 3] [--port 8081] [--pg-port 55433] [--dir DIR] [--keep]
# Needs: apt-get install postgresql (any version under /usr/lib/postgresql); run `npm install` first.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
nodes=3 port=8081 pg_port=55433 dir="" keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --pg-port) pg_port=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "cluster.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$nodes" in ''|*[!0-9]*) echo "cluster.sh: --nodes must be a number" >&2; exit 2 ;; esac
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$bin" ] || { echo "cluster.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
dir=${dir:-$(mktemp -d /tmp/chainbreak-cluster.XXXXXX)}
mkdir -p "$dir/pg"

# PostgreSQL refuses to run as root: as root, the database runs as the postgres user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# The temp directory is 0700; the postgres user must be able to reach its own subdirectory.
[ "$(id -u)" = 0 ] && chmod 711 "$dir" && chown postgres "$dir/pg"

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "stopping ${#pids[@]} node(s) and PostgreSQL"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  as_pg "$bin/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  if [ "$keep" = 0 ]; then rm -rf "$dir"; else echo "kept $dir"; fi
  exit 0
}
trap stop INT TERM EXIT

as_pg "$bin/initdb" -D "$dir/pg/data" -A trust -U postgres >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/log" -w start -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1" >/dev/null
url="postgres://postgres@127.0.0.1:$pg_port/postgres"
echo "PostgreSQL: $url (log $dir/pg/log)"

start_node() {
  local i=$1 node_dir="$dir/node-$1"
  mkdir -p "$node_dir"
  printf '{"nodeId":"node-%s"}\n' "$i" > "$node_dir/config.json"
  "$here/chainbreak" serve --postgres "$url" --port $((port + i - 1)) --data-dir "$node_dir" --config "$node_dir/config.json" > "$node_dir/log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do
    grep -q "listening on" "$node_dir/log" && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "node $i exited:"; cat "$node_dir/log"; exit 1; }
    sleep 0.1
  done
  echo "node $i did not start within a minute; see $node_dir/log" >&2
  exit 1
}

# The first node creates the API key in the empty store; the others find it and create none.
for i in $(seq 1 "$nodes"); do
  start_node "$i"
  echo "node $i: http://127.0.0.1:$((port + i - 1))  (log $dir/node-$i/log)"
done
echo "API key (admin): $(cat "$dir/node-1/bootstrap-api-key.txt")"
echo "Try: curl -s -H \"authorization: Bearer \$KEY\" -H 'content-type: application/json' http://127.0.0.1:$port/v1/events -d @event.json"
echo "Ctrl-C stops the cluster."
wait -n "${pids[@]}" || true
echo "a node exited; see its log under $dir"
