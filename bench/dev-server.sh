# Sourced by bench scripts: one `dev` server of the built distribution on loopback, in a temporary directory.
#
#   . bench/dev-server.sh
#   dev_server_unpack NAME          unpacks into $WORK (removed on exit) and adds a shell user for `shell`
#   (edit $WORK/etc/... here if needed)
#   dev_server_start                starts it on free ports; sets BASE, SSH_PORT, KARAF_PID, SERVER_JVM; waits until
#                                   /readyz is ready and the merchant catalog is seeded
#   shell "feature:list"            runs a command in the server's shell
# The server is stopped when the sourcing script exits.

ARCHIVE=${NERAVA_ARCHIVE:-$(ls karaf-assembly/target/nerava-server-*.tar.gz 2>/dev/null | sed -n 1p)}
[ -n "$ARCHIVE" ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
KARAF_PID=
WORK=

stop_server() {
  # The server runs in a session of its own (setsid): its process group is the script's id; end that group only.
  if [ -n "$KARAF_PID" ]; then
    kill -TERM -- "-$KARAF_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$KARAF_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$KARAF_PID" 2>/dev/null || true
  fi
}
trap 'stop_server; [ -z "$WORK" ] || rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

dev_server_unpack() {
  WORK=$(mktemp -d "/tmp/nerava-$1.XXXXXX")
  tar xzf "$ARCHIVE" --strip-components=1 -C "$WORK"
  SHELL_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  printf '\nbench = %s,_g_:benchgroup\n_g_\\:benchgroup = group,admin,manager,viewer,systembundles,ssh\n' \
    "$SHELL_PASSWORD" >> "$WORK/etc/users.properties"
}

dev_server_start() {
  local port
  port=$(free_port)
  SSH_PORT=$(free_port)
  BASE="http://127.0.0.1:$port"
  NERAVA_PROFILE=dev NERAVA_HTTP_PORT=$port NERAVA_SSH_PORT=$SSH_PORT NERAVA_RMI_REGISTRY_PORT=$(free_port) \
    NERAVA_RMI_SERVER_PORT=$(free_port) setsid "$WORK/bin/karaf" server >/dev/null 2>&1 &
  KARAF_PID=$!
  for _ in $(seq 1 600); do dev_server_ready && break; sleep 0.2; done
  dev_server_ready || { echo "server not ready" >&2; exit 1; }
  # The catalog is seeded on a thread of its own just after start.
  for _ in $(seq 1 100); do curl -sf "$BASE/v1/merchants/m_tidewater_coffee" >/dev/null && break; sleep 0.2; done
  SERVER_JVM=$(pgrep -f -- "-Dkaraf.home=$WORK .*org.apache.karaf.main.Main" | sed -n 1p || true)
}

dev_server_ready() { curl -sf "$BASE/readyz" 2>/dev/null | grep -q '"status":"ready"'; }

shell() { echo "$1" | "$WORK/bin/client" -a "$SSH_PORT" -h 127.0.0.1 -u bench -p "$SHELL_PASSWORD" -b 2>&1 \
  | grep -v -E '^client: JAVA_HOME|Invalid value for sshPort|Invalid host pattern' || true; }
