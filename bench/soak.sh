#!/usr/bin/env bash
# Soak: a bounded, sustained mix of driver traffic (console sign-ins, favorites, nearby merchants, exclusives; see
# SoakBench.java) for SECONDS, first against one node on its embedded H2 file, then against two nodes sharing one
# PostgreSQL database (requests alternate between the nodes). Each node's JVM runs with the distribution's defaults
# (bin/setenv) plus NODE_JAVA_OPTS (default -Xmx256m), passed as Karaf's EXTRA_JAVA_OPTS.
# Prints per operation count, p50, p99 and errors, the throughput, and each node's RSS (and the one node's H2 file
# size) after boot, every minute and at the end (memory must level off, not keep growing). Target: 0 errors; RSS <=
# 300 MB on one node.
#
#   bench/soak.sh [SECONDS] [WORKERS] [one|two|both]   (defaults 600 8 both)
#   KEEP=1 keeps each node's stopped directory (printed at the end), e.g. to weigh its H2 file's live data.
#   H2_URL_SUFFIX=';COMPRESS=TRUE' (for example) appends settings to the one node's default embedded H2 URL.
#   Build first: mvn -q install -DskipTests. The two-node run uses NERAVA_TEST_PG_URL when set (a maintenance
#   database it may create databases through), else starts a throw-away cluster with .ci/postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-600}
WORKERS=${2:-8}
MODE=${3:-both}
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:--Xmx256m}
ARCHIVE=${NERAVA_ARCHIVE:-$(ls karaf-assembly/target/nerava-server-*.tar.gz 2>/dev/null | sed -n 1p)}
[ -n "$ARCHIVE" ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }

GROUPS_STARTED=()
DIRS=()
STARTED_PG=
cleanup() {
  # Each node runs in a session of its own (setsid): end exactly those process groups.
  for group in "${GROUPS_STARTED[@]}"; do kill -TERM -- "-$group" 2>/dev/null || true; done
  for group in "${GROUPS_STARTED[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$group" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$group" 2>/dev/null || true
  done
  GROUPS_STARTED=()
  for dir in "${DIRS[@]}"; do
    if [ -n "${KEEP:-}" ]; then echo "kept (stopped): $dir"; else rm -rf "$dir"; fi
  done
  DIRS=()
}
trap 'cleanup; [ -n "$STARTED_PG" ] && .ci/postgres.sh stop' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
CODE_KEY="k1:$(head -c 32 /dev/urandom | base64 -w0)"

# start_node VAR_PREFIX [ENV=VALUE...]: unpacks and boots one node; sets ${VAR_PREFIX}_BASE/_DIR/_PID.
start_node() {
  local prefix=$1; shift
  local dir port
  dir=$(mktemp -d /tmp/nerava-soak.XXXXXX)
  DIRS+=("$dir")
  tar xzf "$ARCHIVE" --strip-components=1 -C "$dir"
  # Every sign-in comes from 127.0.0.1 and uses a new phone of one +1415 range: lift the per-address, global hourly,
  # per-range and daily limits.
  sed -i -E -e 's#^sendsPerIpPerHour = .*#sendsPerIpPerHour = 100000000#' \
    -e 's#^sendsPerHour = .*#sendsPerHour = 100000000#' \
    -e 's#^sendsPerPrefixPerHour = .*#sendsPerPrefixPerHour = 100000000#' \
    -e 's#^sendsPerDay = .*#sendsPerDay = 100000000#' "$dir/etc/org.nerava.auth.cfg"
  port=$(free_port)
  local db_url=()
  [ -n "${H2_URL_SUFFIX:-}" ] && db_url=("NERAVA_DB_URL=jdbc:h2:file:$dir/data/h2/nerava;WRITE_DELAY=0$H2_URL_SUFFIX")
  env "${db_url[@]}" NERAVA_PROFILE=dev EXTRA_JAVA_OPTS="$NODE_JAVA_OPTS" NERAVA_OTP_HMAC_KEYS="$CODE_KEY" NERAVA_HTTP_PORT="$port" \
    NERAVA_SSH_PORT="$(free_port)" NERAVA_RMI_REGISTRY_PORT="$(free_port)" NERAVA_RMI_SERVER_PORT="$(free_port)" "$@" \
    setsid "$dir/bin/karaf" server >"$dir/console.log" 2>&1 &
  GROUPS_STARTED+=($!)
  printf -v "${prefix}_BASE" 'http://127.0.0.1:%s' "$port"
  printf -v "${prefix}_DIR" '%s' "$dir"
}

await_ready() { # await_ready BASE DIR: /readyz 200 (schemas migrated), then the catalog seeded
  for _ in $(seq 1 600); do curl -sf "$1/readyz" 2>/dev/null | grep -q '"status":"ready"' && break; sleep 0.2; done
  curl -sf "$1/readyz" >/dev/null || { echo "node $1 not ready" >&2; tail -20 "$2/data/log/karaf.log" >&2; exit 1; }
  for _ in $(seq 1 100); do curl -sf "$1/v1/merchants/m_tidewater_coffee" >/dev/null && break; sleep 0.2; done
}

java_pid() { pgrep -f -- "-Dkaraf.home=$1 " | sed -n 1p; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# run LABEL DIR...: runs the load against the started nodes, sampling each JVM's RSS every minute.
run() {
  local label=$1; shift
  local bases=() logs=() pids=() dir
  for dir in "$@"; do
    logs+=("$dir/data/log/karaf.log")
    pids+=("$(java_pid "$dir")")
  done
  local i
  for i in "${!pids[@]}"; do echo "  node $((i + 1)): RSS after boot ${pids[$i]:+$(rss_mb "${pids[$i]}")} MB"; done
  (
    while sleep 60; do
      line="  RSS"
      for i in "${!pids[@]}"; do line+=" node $((i + 1)) $(rss_mb "${pids[$i]}") MB"; done
      [ -f "$1/data/h2/nerava.mv.db" ] && line+=", H2 file $(du -m "$1/data/h2/nerava.mv.db" | cut -f1) MB"
      echo "$line"
    done
  ) &
  local sampler=$!
  java bench/SoakBench.java "$DURATION" "$WORKERS" "$BASES" "$(IFS=,; echo "${logs[*]}")"
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  for i in "${!pids[@]}"; do echo "  node $((i + 1)): RSS at end $(rss_mb "${pids[$i]}") MB"; done
  [ -f "$1/data/h2/nerava.mv.db" ] && echo "  H2 file at end: $(du -m "$1/data/h2/nerava.mv.db" | cut -f1) MB"
  echo "== end $label"
}

echo "soak: ${DURATION}s, $WORKERS workers, node JVM options: $NODE_JAVA_OPTS; $(java -version 2>&1 | sed -n 1p), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$MODE" = one ] || [ "$MODE" = both ]; then
  echo "== one node, embedded H2"
  start_node ONE
  await_ready "$ONE_BASE" "$ONE_DIR"
  BASES=$ONE_BASE
  run "one node" "$ONE_DIR"
  cleanup
fi

if [ "$MODE" = two ] || [ "$MODE" = both ]; then
  echo "== two nodes, one PostgreSQL database"
  if [ -z "${NERAVA_TEST_PG_URL:-}" ]; then
    eval "$(.ci/postgres.sh start)"
    STARTED_PG=1
  fi
  . target/postgres.env 2>/dev/null || true
  HOSTPORT=$(echo "$NERAVA_TEST_PG_URL" | sed -E 's#jdbc:postgresql://([^/]+)/.*#\1#')
  DB=nerava_soak_$$
  PSQL=${PG_BIN:-/usr/lib/postgresql/15/bin}/psql
  "$PSQL" -q -h "${HOSTPORT%:*}" -p "${HOSTPORT#*:}" -U "${NERAVA_TEST_PG_USER:-postgres}" -d postgres \
    -c "CREATE DATABASE $DB"
  DB_ENV=(NERAVA_DB_DRIVER=org.postgresql.Driver "NERAVA_DB_URL=jdbc:postgresql://$HOSTPORT/$DB"
    "NERAVA_DB_USER=${NERAVA_TEST_PG_USER:-postgres}" "NERAVA_DB_PASSWORD=${NERAVA_TEST_PG_PASSWORD:-}")
  start_node A "${DB_ENV[@]}"
  start_node B "${DB_ENV[@]}"
  await_ready "$A_BASE" "$A_DIR"
  await_ready "$B_BASE" "$B_DIR"
  BASES="$A_BASE,$B_BASE"
  run "two nodes" "$A_DIR" "$B_DIR"
  cleanup
  "$PSQL" -q -h "${HOSTPORT%:*}" -p "${HOSTPORT#*:}" -U "${NERAVA_TEST_PG_USER:-postgres}" -d postgres \
    -c "DROP DATABASE $DB WITH (FORCE)"
fi
