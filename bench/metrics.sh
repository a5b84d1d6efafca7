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
ARCHIVE=$(ls karaf-assembly/target/nerava-server-*.tar.gz 2>/dev/null | sed -n 1p)
[ -n "$ARCHIVE" ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
WORK=$(mktemp -d /tmp/nerava-metrics-bench.XXXXXX)
KARAF_PID=
stop_server() {
  # The server runs in a session of its own (setsid): its process group is the script's id; end that group only.
  if [ -n "$KARAF_PID" ]; then
    kill -TERM -- "-$KARAF_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$KARAF_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$KARAF_PID" 2>/dev/null || true
  fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
tar xzf "$ARCHIVE" --strip-components=1 -C "$WORK"
SHELL_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
printf '\nbench = %s,_g_:benchgroup\n_g_\\:benchgroup = group,admin,manager,viewer,systembundles,ssh\n' \
  "$SHELL_PASSWORD" >> "$WORK/etc/users.properties"
PORT=$(free_port)
SSH_PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
NERAVA_PROFILE=dev NERAVA_HTTP_PORT=$PORT NERAVA_SSH_PORT=$SSH_PORT NERAVA_RMI_REGISTRY_PORT=$(free_port) \
  NERAVA_RMI_SERVER_PORT=$(free_port) setsid "$WORK/bin/karaf" server >/dev/null 2>&1 &
KARAF_PID=$!
ready() { curl -sf "$BASE/readyz" 2>/dev/null | grep -q '"status":"ready"'; }
for _ in $(seq 1 600); do ready && break; sleep 0.2; done
ready || { echo "server not ready" >&2; exit 1; }
for _ in $(seq 1 100); do curl -sf "$BASE/v1/merchants/m_tidewater_coffee" >/dev/null && break; sleep 0.2; done
shell() { echo "$1" | "$WORK/bin/client" -a "$SSH_PORT" -h 127.0.0.1 -u bench -p "$SHELL_PASSWORD" -b 2>&1 \
  | grep -v -E '^client: JAVA_HOME|Invalid value for sshPort|Invalid host pattern' || true; }
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
