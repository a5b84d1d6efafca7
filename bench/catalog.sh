#!/usr/bin/env bash
# Catalog benchmark on the built distribution (profile=dev, default heap -Xmx256m): for catalogs of 1k, 10k, 100k
# and 1M merchants (bench/CatalogBench.java generates them, seed 23: a tenth as many chargers spread over the
# contiguous United States, ten merchants within ~500 m of each), a fresh server each, loaded with
# nerava:catalog-load; prints the load time (as the command reports it), the server's RSS before and after the load
# and after the searches, nearby p50/p99 and the server's CPU per request (from /proc: other load on the machine
# does not count) for REQUESTS searches one at a time at random points near chargers (radius 1000 m, limit 50)
# after WARMUP, the cache's hit rate from /readyz, and the ratios 1M/1k. The sizes run one after the other in the
# same run, so they share the machine's conditions.
#
# db_mb is the size of the H2 files after the searches; load_cpu_s is the server's CPU time during the load (what the
# load costs, whatever else runs on the machine). Of cpu_us/req, req_thr is what the HTTP engine's request threads spent and gc
# what the VM Thread spent (the distribution's serial collector runs there), both in µs per request.
#
#   bench/catalog.sh [REQUESTS] [WARMUP]          (defaults 3000 1500; SIZES="1000 1000000" to run fewer;
#                                                  CACHE=100 sets catalogCacheMerchants, so every search misses;
#                                                  POINTS=200 searches only 200 points, again and again;
#                                                  DB=postgres: each size on a fresh PostgreSQL database, from
#                                                  NERAVA_TEST_PG_URL or a throw-away cluster of .ci/postgres.sh)
#   Build first: mvn -q install -DskipTests
# Ports: 23180 (HTTP), 23181 (SSH), 23182-23183 (RMI) on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=${1:-3000}
WARMUP=${2:-1500}
SIZES=${SIZES:-1000 10000 100000 1000000}
SEED=23
CACHE=${CACHE:-}
POINTS=${POINTS:-0}
DB=${DB:-h2}
. bench/dev-server.sh
FILES=$(mktemp -d /tmp/nerava-catalog-files.XXXXXX)
STARTED_PG=
trap 'stop_server; [ -z "$WORK" ] || rm -rf "$WORK"; rm -rf "$FILES"; [ -z "$STARTED_PG" ] || .ci/postgres.sh stop' EXIT

# DB=postgres: the server's catalog lives in PostgreSQL, whose page cache is outside the server's JVM.
DB_ENV=()
if [ "$DB" = postgres ]; then
  if [ -z "${NERAVA_TEST_PG_URL:-}" ]; then
    eval "$(.ci/postgres.sh start)"
    STARTED_PG=1
  fi
  PG_HOSTPORT=$(echo "$NERAVA_TEST_PG_URL" | sed -E 's#jdbc:postgresql://([^/]+)/.*#\1#')
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -t/ -k4 -n -r | sed -n 1p)
fi
psql_admin() {
  "$PG_BIN/psql" -q -t -A -h "${PG_HOSTPORT%:*}" -p "${PG_HOSTPORT#*:}" -U "${NERAVA_TEST_PG_USER:-postgres}" \
    -d postgres -c "$1"
}
fresh_database() {
  [ "$DB" = postgres ] || return 0
  PG_DB=nerava_catalog_$$_$1
  psql_admin "CREATE DATABASE $PG_DB"
  DB_ENV=(NERAVA_DB_DRIVER=org.postgresql.Driver "NERAVA_DB_URL=jdbc:postgresql://$PG_HOSTPORT/$PG_DB"
    "NERAVA_DB_USER=${NERAVA_TEST_PG_USER:-postgres}" "NERAVA_DB_PASSWORD=${NERAVA_TEST_PG_PASSWORD:-}")
}
database_mb() {
  if [ "$DB" = postgres ]; then
    psql_admin "SELECT pg_database_size('$PG_DB') / 1048576"
  else
    du -sm "$WORK/data/h2" | cut -f1
  fi
}
drop_database() {
  [ "$DB" = postgres ] || return 0
  psql_admin "DROP DATABASE $PG_DB WITH (FORCE)"
}

catalog_server_start() {
  SSH_PORT=23181
  BASE="http://127.0.0.1:23180"
  env "${DB_ENV[@]}" NERAVA_PROFILE=dev NERAVA_HTTP_PORT=23180 NERAVA_SSH_PORT=$SSH_PORT NERAVA_RMI_REGISTRY_PORT=23182 \
    NERAVA_RMI_SERVER_PORT=23183 setsid "$WORK/bin/karaf" server >/dev/null 2>&1 &
  KARAF_PID=$!
  for _ in $(seq 1 600); do dev_server_ready && break; sleep 0.2; done
  dev_server_ready || { echo "server not ready" >&2; exit 1; }
  for _ in $(seq 1 100); do curl -sf "$BASE/v1/merchants/m_tidewater_coffee" >/dev/null && break; sleep 0.2; done
  SERVER_JVM=$(pgrep -f -- "-Dkaraf.home=$WORK .*org.apache.karaf.main.Main" | sed -n 1p)
}
cpu_s() { python3 -c "f = open('/proc/$SERVER_JVM/stat').read().rsplit(')', 1)[1].split()
print('%.1f' % ((int(f[11]) + int(f[12])) / 100))"; }
rss_mb() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$SERVER_JVM/status"; }
readiness() { curl -s "$BASE/readyz" | python3 -c "import sys, json
d = json.load(sys.stdin)['checks']['catalog']
print('merchants=%s hit_rate=%s cached=%s' % (d.get('merchants'), d.get('cache_hit_rate'), d.get('cache_merchants')))"; }

echo "database: $DB; catalogCacheMerchants: ${CACHE:-50000 (default)}; points: $([ "$POINTS" = 0 ] && echo "any charger" || echo "$POINTS, asked again and again")"
echo "machine: $(nproc) cores shared with other work, load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "$(java -version 2>&1 | sed -n 1p)"
for size in $SIZES; do
  java bench/CatalogBench.java generate "$size" "$FILES/catalog-$size.json" "$SEED"
done
printf '%-8s %7s %10s %6s %8s %8s %8s %8s %8s %9s %8s %6s %7s %s\n' merchants load_s load_cpu_s db_mb rss0_mb rss1_mb rss2_mb p50_ms p99_ms cpu_us/req req_thr gc answer readyz
declare -A CPU LOAD RSS
for size in $SIZES; do
  dev_server_unpack catalog-bench
  fresh_database "$size"
  [ -z "$CACHE" ] || sed -i -E "s#^catalogCacheMerchants = .*#catalogCacheMerchants = $CACHE#" \
    "$WORK/etc/org.nerava.merchants.cfg"
  catalog_server_start
  rss0=$(rss_mb)
  cpu0=$(cpu_s)
  out=$(shell "nerava:catalog-load $FILES/catalog-$size.json")
  load=$(echo "$out" | sed -n -E 's/.*\(([0-9.]+) s\).*/\1/p')
  [ -n "$load" ] || { echo "load failed: $out" >&2; exit 1; }
  rss1=$(rss_mb)
  load_cpu=$(python3 -c "print('%.1f' % ($(cpu_s) - $cpu0))")
  result=$(java bench/CatalogBench.java nearby "$BASE" "$size" "$SEED" "$SERVER_JVM" "$WARMUP" "$REQUESTS" "$POINTS")
  rss2=$(rss_mb)
  eval "$result"
  printf '%-8s %7s %10s %6s %8s %8s %8s %8s %8s %9s %8s %6s %7s %s\n' "$size" "$load" "$load_cpu" \
    "$(database_mb)" "$rss0" "$rss1" "$rss2" "$p50_ms" "$p99_ms" \
    "$cpu_us" "$request_threads_us" "$gc_us" "$answer_mean" "$(readiness)"
  CPU[$size]=$cpu_us; LOAD[$size]=$load; RSS[$size]=$rss2
  stop_server
  KARAF_PID=
  rm -rf "$WORK"
  WORK=
  drop_database
done
first=${SIZES%% *}
last=${SIZES##* }
python3 -c "print('ratio %s/%s: CPU per request %.2f x, RSS after searches %.2f x' % ('$last', '$first',
  ${CPU[$last]} / ${CPU[$first]}, ${RSS[$last]} / ${RSS[$first]}))"
echo "rss0: after start (shipped catalog); rss1: after the load; rss2: after the searches. Targets: CPU ratio <= 1.5," \
  "RSS with 1M <= 300 MB, 100k load <= 10 s"
