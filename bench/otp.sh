#!/usr/bin/env bash
# OTP benchmark on the built distribution (profile=dev, console provider), one server on loopback:
#   1. start+verify throughput on distinct phones, codes read from data/log/karaf.log (limits raised for the run);
#   2. GET /healthz p99 idle, then p99 while HANGING OTP starts hang on a provider that never answers
#      (itest-hanging, dropped into deploy/). Target: hung p99 <= 2 x idle p99, 0 healthz errors;
#   3. the same with the real Twilio Verify provider (the Twilio SDK) against a Twilio API on loopback that accepts
#      every request and never answers, and how many HTTP request threads were busy meanwhile.
#
#   bench/otp.sh [SIGN_INS] [WORKERS] [HANGING] [HEALTHZ_REQUESTS]   (defaults 500 8 200 3000)
#   ROUNDS=3: the throughput measurement that many times on the same server (new phones each round; the first
#   round includes the JIT's warm-up). ONLY_THROUGHPUT=1: stop after it. EXTRA_JAVA_OPTS: e.g. a JFR recording
#   (-XX:StartFlightRecording) and JFR_DUMP=file to dump it after the throughput rounds.
#   Build first: mvn -q install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
SIGN_INS=${1:-500}
WORKERS=${2:-8}
HANGING=${3:-200}
REQUESTS=${4:-3000}
ARCHIVE=${NERAVA_ARCHIVE:-$(ls karaf-assembly/target/nerava-server-*.tar.gz 2>/dev/null | sed -n 1p)}
PROVIDERS=$(ls itests/fixture-providers/target/itest-providers-*.jar 2>/dev/null | sed -n 1p)
[ -n "$ARCHIVE" ] && [ -n "$PROVIDERS" ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
WORK=$(mktemp -d /tmp/nerava-otp-bench.XXXXXX)
trap 'pkill -f "karaf.base=$WORK" 2>/dev/null || true; pkill -f "silent-api $WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
set_key() { # set_key KEY VALUE: edit etc/org.nerava.auth.cfg; Karaf applies the change within a second or two
  sed -i -E "s#^$1 = .*#$1 = $2#" "$WORK/etc/org.nerava.auth.cfg"
}

tar xzf "$ARCHIVE" --strip-components=1 -C "$WORK"
java bench/OtpBench.java silent-api "$WORK/silent.port" >/dev/null 2>&1 &
for _ in $(seq 1 100); do [ -s "$WORK/silent.port" ] && break; sleep 0.1; done
SILENT="http://127.0.0.1:$(cat "$WORK/silent.port")"
set_key sendsPerPhonePerHour 100000
set_key sendsPerIpPerHour 1000000
set_key sendsPerHour 1000000
# Every bench phone is in one +1415 range: lift the pumping guard's per-range limit and the daily budget.
set_key sendsPerPrefixPerHour 1000000
set_key sendsPerDay 100000000
set_key resendIntervalSeconds 0
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
# Twilio credentials are fake; every Twilio URL goes to the silent API on loopback.
sed -i -E "s#^readTimeoutMs = .*#readTimeoutMs = 300000#" "$WORK/etc/org.nerava.otp.twilio.cfg"
TWILIO_ACCOUNT_SID=AC00000000000000000000000000000001 TWILIO_AUTH_TOKEN=bench-token \
  TWILIO_VERIFY_SERVICE_SID=VA00000000000000000000000000000001 NERAVA_TWILIO_API_BASE_URL="$SILENT" \
  NERAVA_PROFILE=dev NERAVA_HTTP_PORT=$PORT NERAVA_SSH_PORT=$(free_port) NERAVA_RMI_REGISTRY_PORT=$(free_port) \
  NERAVA_RMI_SERVER_PORT=$(free_port) "$WORK/bin/karaf" server >/dev/null 2>&1 &
for _ in $(seq 1 600); do
  curl -sf "$BASE/readyz" 2>/dev/null | grep -q '"otp":{"status":"up"' && break
  sleep 0.2
done
curl -sf "$BASE/readyz" | grep -q '"otp":{"status":"up"' || { echo "server not ready" >&2; exit 1; }
echo "server: $(java -version 2>&1 | sed -n 1p), $(nproc) cores, console provider, limits raised"

PID=$(pgrep -f "karaf.base=$WORK" | sed -n 1p)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "${ROUNDS:-1}"); do
  java bench/OtpBench.java throughput "$BASE" "$WORK/data/log/karaf.log" "$SIGN_INS" "$WORKERS" "$PID" \
    $((2010000 + (round - 1) * SIGN_INS))
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# JFR_DUMP=file: with a recording started by EXTRA_JAVA_OPTS (-XX:StartFlightRecording), dump it here.
[ -n "${JFR_DUMP:-}" ] && jcmd "$PID" JFR.dump filename="$JFR_DUMP" >/dev/null
[ "${ONLY_THROUGHPUT:-0}" = 1 ] && exit 0

# A provider that never answers becomes the active one, with a deadline longer than the measurement.
cp "$PROVIDERS" "$WORK/deploy/"
set_key providerTimeoutMillis 300000
set_key provider itest-hanging
for _ in $(seq 1 300); do
  curl -sf "$BASE/readyz" 2>/dev/null | grep -q "provider 'itest-hanging'" && break
  sleep 0.2
done
curl -sf "$BASE/readyz" | grep -q "provider 'itest-hanging'" || { echo "itest-hanging did not become active" >&2; exit 1; }

echo "--- provider itest-hanging (a stage that never completes)"
java bench/OtpBench.java hung "$BASE" "$HANGING" "$REQUESTS" "$PID" 3010000

set_key provider twilio_verify
for _ in $(seq 1 300); do
  curl -sf "$BASE/readyz" 2>/dev/null | grep -q "provider 'twilio_verify'" && break
  sleep 0.2
done
curl -sf "$BASE/readyz" | grep -q "provider 'twilio_verify'" || { echo "twilio_verify did not become active" >&2; exit 1; }
echo "--- provider twilio_verify (real Twilio SDK, Twilio API that never answers)"
java bench/OtpBench.java hung "$BASE" "$HANGING" "$REQUESTS" "$PID" 4010000
