#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the PostgreSQL tests (multi-node, durability, migrations), on 127.0.0.1 only.
#
#   eval "$(.ci/postgres.sh start)"   # prints export NERAVA_TEST_PG_URL=... (USER, PASSWORD too); installs
#                                     # PostgreSQL from the OS packages first when it is missing and we are root
#   mvn -B verify ...                 # the PG tests read NERAVA_TEST_PG_URL; without it they are skipped (CI: fail)
#   .ci/postgres.sh stop              # stops the cluster and deletes its files
#
# The cluster lives in a fresh temporary directory on a free port, with trust authentication on loopback: it holds
# nothing but test data, and is gone after `stop`. Run as root (CI), initdb and the server run as the `postgres` user.
# State (port, directory) is kept in target/postgres.env under the repository, so `stop` finds the cluster again.
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=$PWD/target/postgres.env

log() { echo "postgres.sh: $*" >&2; }

pg_bin() {
  local dir
  # Newest installed major version first.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

install_postgres() {
  if [ "$(id -u)" != 0 ]; then
    log "PostgreSQL is not installed and this is not root: install the 'postgresql' package"
    exit 2
  fi
  log "installing PostgreSQL from the OS packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # The package's own cluster is not wanted: ours is made by initdb below.
  mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/nerava-no-main.conf
  apt-get install -y -qq postgresql >&2
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  log "no free port found"
  exit 1
}

# Runs a PostgreSQL program as the postgres user when we are root (the server refuses to run as root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  if [ -f "$STATE" ]; then
    # shellcheck disable=SC1090
    . "$STATE"
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
      log "already running on port $PG_PORT"
      print_env
      return 0
    fi
    rm -f "$STATE"
  fi
  PG_BIN=$(pg_bin) || { install_postgres; PG_BIN=$(pg_bin); }
  PG_DIR=$(mktemp -d /tmp/nerava-pg.XXXXXX)
  PG_PORT=$(free_port)
  chmod 755 "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >/dev/null
  # Loopback only, our own socket directory, and settings for tests: durable (fsync stays on, as in production,
  # because the durability tests kill the server, not the database) but quick to start.
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_DIR -c max_connections=200" \
    start >/dev/null
  mkdir -p "$(dirname "$STATE")"
  printf 'PG_BIN=%s\nPG_DIR=%s\nPG_PORT=%s\n' "$PG_BIN" "$PG_DIR" "$PG_PORT" > "$STATE"
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (files in $PG_DIR)"
  print_env
}

print_env() {
  # The tests create one database per test class through this maintenance database, and drop it afterwards.
  echo "export NERAVA_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
  echo "export NERAVA_TEST_PG_USER=postgres"
  echo "export NERAVA_TEST_PG_PASSWORD="
}

stop() {
  [ -f "$STATE" ] || { log "not running"; return 0; }
  # shellcheck disable=SC1090
  . "$STATE"
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR" "$STATE"
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) [ -f "$STATE" ] && { . "$STATE"; print_env; } ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
