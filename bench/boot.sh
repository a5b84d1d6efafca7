#!/usr/bin/env bash
# Boot time of the built distribution: process start to the first GET /healthz 200 (the HTTP edge is up) and to the
# first GET /readyz 200 (every boot feature installed, schemas migrated: what a load balancer waits for), fresh data/
# every run.
# Measures, in the same run, RUNS times each, interleaved: the full distribution (every product feature, console OTP
# provider), a platform-only boot (nerava-platform alone), and the full distribution with Twilio Verify active and
# configured against an address that never answers (the seed's outage: connects hang). Prints the medians and the
# ratios. Targets: full <= 1.5 x platform; Twilio-unreachable boots as fast as full; full to /readyz <= 4 s.
#
#   bench/boot.sh [RUNS]        (default 5; build first: mvn -q install -DskipTests)
#   VARIANTS="full platform twilio" (default): which boots to measure. EXTRA_JAVA_OPTS / NERAVA_JVM_OPTS reach the
#   server's JVM as with bin/karaf (docs/operations.md, "Memory").
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
ARCHIVE=${NERAVA_ARCHIVE:-$(ls karaf-assembly/target/nerava-server-*.tar.gz 2>/dev/null | head -1)}
[ -n "$ARCHIVE" ] || { echo "no distribution: run 'mvn -q install -DskipTests' first" >&2; exit 1; }
WORK=$(mktemp -d /tmp/nerava-boot.XXXXXX)
trap 'pkill -f "karaf.base=$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

for variant in full platform twilio; do
  mkdir -p "$WORK/$variant"
  tar xzf "$ARCHIVE" --strip-components=1 -C "$WORK/$variant"
done
# Platform-only: boot nerava-platform without the product features (every other nerava-* boot feature).
python3 - "$WORK/platform/etc/org.apache.karaf.features.cfg" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
def keep_platform(match):
    entries = [e.strip() for e in match.group(2).split(",")]
    kept = [e for e in entries if not (e.startswith("nerava") and not e.startswith("nerava-platform/"))]
    return match.group(1) + ", ".join(kept)
text = re.sub(r"^(featuresBoot\s*=\s*)(.*)$", keep_platform, text, flags=re.M)
open(path, "w").write(text)
PY
if grep -E '^featuresBoot' "$WORK/platform/etc/org.apache.karaf.features.cfg" | grep -oE 'nerava-[a-z-]+' \
    | grep -qv '^nerava-platform$'; then
  echo "could not remove the product features from the platform-only boot" >&2; exit 1
fi

# A loopback port that never accepts: a listening socket whose backlog is full, so further connects hang.
python3 - "$WORK/blackhole.port" <<'PY' &
import socket, sys, time
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(0)
fillers = []
while True:
    c = socket.socket(); c.settimeout(0.3)
    try:
        c.connect(srv.getsockname()); fillers.append(c)
    except OSError:
        break
open(sys.argv[1], "w").write(str(srv.getsockname()[1]))
time.sleep(86400)
PY
BLACKHOLE_PID=$!
for _ in $(seq 1 50); do [ -s "$WORK/blackhole.port" ] && break; sleep 0.1; done
trap 'pkill -f "karaf.base=$WORK" 2>/dev/null || true; kill $BLACKHOLE_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

boot_once() {
  local dir=$1 port extra=()
  if [ "$(basename "$dir")" = twilio ]; then
    extra=(NERAVA_OTP_PROVIDER=twilio_verify TWILIO_ACCOUNT_SID=AC00000000000000000000000000000001
      TWILIO_AUTH_TOKEN=bench-token TWILIO_VERIFY_SERVICE_SID=VA00000000000000000000000000000001
      "NERAVA_TWILIO_API_BASE_URL=http://127.0.0.1:$(cat "$WORK/blackhole.port")")
  fi
  port=$(free_port)
  rm -rf "$dir/data"
  local start healthz=
  start=$(now_ms)
  env "${extra[@]}" NERAVA_HTTP_PORT=$port NERAVA_SSH_PORT=$(free_port) NERAVA_RMI_REGISTRY_PORT=$(free_port) \
    NERAVA_RMI_SERVER_PORT=$(free_port) "$dir/bin/karaf" server >/dev/null 2>&1 &
  local pid=$!
  # /healthz answers before /readyz; both are polled in the same loop so neither waits on the other's sleep.
  until curl -sf -o /dev/null "http://127.0.0.1:$port/readyz"; do
    if [ -z "$healthz" ] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; then healthz=$(( $(now_ms) - start )); fi
    sleep 0.05
    if [ $(( $(now_ms) - start )) -gt 120000 ]; then echo "no /readyz within 120 s" >&2; exit 1; fi
  done
  local ready=$(( $(now_ms) - start ))
  pkill -TERM -P "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "${healthz:-$ready} $ready"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

VARIANTS=${VARIANTS:-full platform twilio}
declare -A healthz_times readyz_times
for i in $(seq 1 "$RUNS"); do
  line="run $i:"
  for variant in $VARIANTS; do
    times=$(boot_once "$WORK/$variant") || exit 1
    read -r h r <<<"$times"
    healthz_times[$variant]+="$h "
    readyz_times[$variant]+="$r "
    line+=" $variant $h / $r ms,"
  done
  echo "${line%,} (to /healthz / to /readyz; load average $(cut -d' ' -f1-3 /proc/loadavg))"
done
med() { printf '%s\n' $1 | median; }
declare -A healthz_median readyz_median
for variant in $VARIANTS; do
  healthz_median[$variant]=$(med "${healthz_times[$variant]}")
  readyz_median[$variant]=$(med "${readyz_times[$variant]}")
  echo "median over $RUNS runs, $variant: /healthz 200 after ${healthz_median[$variant]} ms, /readyz 200 after ${readyz_median[$variant]} ms"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
if [ -n "${healthz_median[full]:-}" ] && [ -n "${healthz_median[platform]:-}" ]; then
  echo "full / platform-only: /healthz $(ratio "${healthz_median[full]}" "${healthz_median[platform]}")," \
    "/readyz $(ratio "${readyz_median[full]}" "${readyz_median[platform]}")"
fi
if [ -n "${healthz_median[full]:-}" ] && [ -n "${healthz_median[twilio]:-}" ]; then
  echo "Twilio Verify active against an address that never answers / full: /healthz" \
    "$(ratio "${healthz_median[twilio]}" "${healthz_median[full]}"), /readyz $(ratio "${readyz_median[twilio]}" "${readyz_median[full]}")"
fi
