#!/usr/bin/env bash
# Boot time of the built distribution: process start to the first GET /healthz 200, fresh data/ every run.
# Measures the full distribution (every product feature) and a platform-only boot (nerava-platform alone) in the
# same run, RUNS times each, interleaved, and prints the medians and their ratio. Target: full <= 1.5 x platform.
#
#   bench/boot.sh [RUNS]        (default 5; build first: mvn -q install -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
ARCHIVE=$(ls karaf-assembly/target/nerava-server-*.tar.gz 2>/dev/null | head -1)
[ -n "$ARCHIVE" ] || { echo "no distribution: run 'mvn -q install -DskipTests' first" >&2; exit 1; }
WORK=$(mktemp -d /tmp/nerava-boot.XXXXXX)
trap 'pkill -f "karaf.base=$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

for variant in full platform; do
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
if grep -E '^featuresBoot' "$WORK/platform/etc/org.apache.karaf.features.cfg" | grep -qE 'nerava-(auth|otp)'; then
  echo "could not remove the product features from the platform-only boot" >&2; exit 1
fi

boot_once() {
  local dir=$1 port
  port=$(free_port)
  rm -rf "$dir/data"
  local start end
  start=$(now_ms)
  NERAVA_HTTP_PORT=$port NERAVA_SSH_PORT=$(free_port) NERAVA_RMI_REGISTRY_PORT=$(free_port) \
    NERAVA_RMI_SERVER_PORT=$(free_port) "$dir/bin/karaf" server >/dev/null 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do
    sleep 0.05
    if [ $(( $(now_ms) - start )) -gt 120000 ]; then echo "no /healthz within 120 s" >&2; exit 1; fi
  done
  end=$(now_ms)
  pkill -TERM -P "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo $(( end - start ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

declare -a full platform
for i in $(seq 1 "$RUNS"); do
  full+=("$(boot_once "$WORK/full")")
  platform+=("$(boot_once "$WORK/platform")")
  echo "run $i: full ${full[-1]} ms, platform-only ${platform[-1]} ms"
done
full_median=$(printf '%s\n' "${full[@]}" | median)
platform_median=$(printf '%s\n' "${platform[@]}" | median)
echo "median boot to /healthz 200 over $RUNS runs: full ${full_median} ms, platform-only ${platform_median} ms," \
  "ratio $(awk -v f="$full_median" -v p="$platform_median" 'BEGIN {printf "%.2f", f/p}')"
