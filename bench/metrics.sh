#!/usr/bin/env bash
# Cost of metrics on the request path, on the built distribution (profile=dev), one server on loopback:
# GET /v1/merchants/{id} (a JAX-RS endpoint without database or sign-in, timed by the metrics filter) and
# GET /healthz (a servlet, not timed: the control) with CONNECTIONS keep-alive connections for SECONDS each,
# alternately with nerava-metrics installed and uninstalled (with, without, with, without), p50/p99 and throughput;
# then the size and time of one /metrics scrape. Prints figures only; no target.
#
#   bench/metrics.sh [CONNECTIONS] [SECONDS]   (defaults 32 10)
#   Build first: mvn -q install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${1:-32}
SECONDS_EACH=${2:-10}
. bench/dev-server.sh
dev_server_unpack metrics-bench
dev_server_start
await_metrics() { # await_metrics STATUS
  for _ in $(seq 1 200); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/metrics")" = "$1" ] && return 0
    sleep 0.1
  done
  echo "/metrics never answered $1" >&2; exit 1
}

echo "server: $(java -version 2>&1 | sed -n 1p), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
await_metrics 200
for round in 1 2; do
  echo "== round $round, nerava-metrics installed: $CONNECTIONS connections, ${SECONDS_EACH}s each (after 3 s warm-up)"
  java bench/DriverBench.java reference "$BASE" "$CONNECTIONS" "$SECONDS_EACH"
  shell "feature:uninstall -r nerava-metrics" >/dev/null
  await_metrics 404
  sleep 2 # the REST application without the metrics filter is built and switched to
  echo "== round $round, nerava-metrics uninstalled"
  java bench/DriverBench.java reference "$BASE" "$CONNECTIONS" "$SECONDS_EACH"
  shell "feature:install -r nerava-metrics" >/dev/null
  await_metrics 200
  sleep 2
done
SERIES=$(curl -s "$BASE/metrics" | grep -vc '^#')
echo "== one scrape: $(curl -s -o /dev/null -w '%{size_download} bytes in %{time_total} s' "$BASE/metrics"), $SERIES samples"
