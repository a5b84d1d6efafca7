#!/usr/bin/env bash
# The HTTP engine comparison of docs/architecture.md: the built distribution on Jetty 9.4 (as shipped), Tomcat 9 and
# Undertow 2 (copies made by bench/engine-variant.sh), in one run so the machine's load is alike for all three.
# For each engine: boot time (process start to GET /healthz 200 and to /readyz ready, BOOTS fresh boots),
# bench/driver.sh (throughput, server CPU per request, hot-swap failures) and a one-node soak of SOAK_SECONDS
# (bench/soak.sh; RSS after boot and at the end).
#
#   bench/engines.sh [SOAK_SECONDS] [BOOTS]   (defaults 120 3; build first: mvn -q install -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
SOAK_SECONDS=${1:-120}
BOOTS=${2:-3}
ARCHIVE=$(ls karaf-assembly/target/nerava-server-*.tar.gz 2>/dev/null | sed -n 1p)
[ -n "$ARCHIVE" ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
OUT=$(mktemp -d /tmp/nerava-engines.XXXXXX)
cp "$ARCHIVE" "$OUT/jetty.tar.gz"
bench/engine-variant.sh tomcat "$OUT/tomcat.tar.gz"
bench/engine-variant.sh undertow "$OUT/undertow.tar.gz"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

boot_once() { # boot_once ARCHIVE: prints "healthz_ms readyz_ms"
  local dir port started healthz= pid
  dir=$(mktemp -d /tmp/nerava-engine-boot.XXXXXX)
  tar xzf "$1" --strip-components=1 -C "$dir"
  port=$(free_port)
  started=$(now_ms)
  NERAVA_PROFILE=dev NERAVA_HTTP_PORT=$port NERAVA_SSH_PORT=$(free_port) NERAVA_RMI_REGISTRY_PORT=$(free_port) \
    NERAVA_RMI_SERVER_PORT=$(free_port) setsid "$dir/bin/karaf" server >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    if [ -z "$healthz" ] && curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
      healthz=$(( $(now_ms) - started ))
    fi
    if curl -sf "http://127.0.0.1:$port/readyz" 2>/dev/null | grep -q '"status":"ready"'; then break; fi
    sleep 0.1
  done
  echo "${healthz:-?} $(( $(now_ms) - started ))"
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -rf "$dir"
}

echo "engines: $(java -version 2>&1 | sed -n 1p), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== boot: $BOOTS fresh boots each, interleaved (ms to /healthz 200, to /readyz ready)"
for run in $(seq 1 "$BOOTS"); do
  for engine in jetty tomcat undertow; do
    echo "  $engine boot $run: $(boot_once "$OUT/$engine.tar.gz")"
  done
done
for engine in jetty tomcat undertow; do
  echo "== $engine: bench/driver.sh"
  NERAVA_ARCHIVE="$OUT/$engine.tar.gz" bench/driver.sh
  echo "== $engine: bench/soak.sh $SOAK_SECONDS 8 one"
  NERAVA_ARCHIVE="$OUT/$engine.tar.gz" bench/soak.sh "$SOAK_SECONDS" 8 one
done
rm -rf "$OUT"
