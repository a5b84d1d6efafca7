#!/usr/bin/env bash
# Builds a copy of the built distribution whose HTTP engine is Tomcat 9 or Undertow 2 instead of Jetty 9.4, for the
# engine comparison of docs/architecture.md ("HTTP engine"). Pax Web 8 (Karaf 4.4) runs all three behind the same
# OSGi HTTP Whiteboard, so nothing of ours changes; in the copy:
#   - Karaf's pax-web-http feature (which cxf-http pulls through `http`) installs pax-web-http-ENGINE, not -jetty;
#   - the configfile entries of pax-web-http-tomcat/-undertow are dropped: the artifacts they name
#     (pax-web-features xml/config-tomcat, context-tomcat, config-undertow) are not published for Pax Web 8.0.34, so
#     the feature as shipped cannot be installed on Karaf 4.4.10 at all;
#   - jetty-edge (a fragment of Pax Web's Jetty bundle) and etc/jetty.xml are left out: they are Jetty's, and the
#     other engine answers its own refusals (oversized headers, bad requests) in its own format;
#   - the engine's bundles are copied into system/ from the local Maven repository (fetched there with
#     `mvn dependency:get` when missing: needs the registry once).
#
#   bench/engine-variant.sh tomcat|undertow OUT.tar.gz
#   then e.g.  NERAVA_ARCHIVE=OUT.tar.gz bench/driver.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ENGINE=${1:?tomcat or undertow}
OUT=$(realpath -m "${2:?output tar.gz}")
ARCHIVE=$(ls karaf-assembly/target/nerava-server-*.tar.gz 2>/dev/null | sed -n 1p)
[ -n "$ARCHIVE" ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
REPO=$(mvn -q -B help:evaluate -Dexpression=settings.localRepository -DforceStdout -Dstyle.color=never 2>/dev/null | sed "s/\x1b\[[0-9;]*m//g" || true)
REPO=${REPO:-$HOME/.m2/repository}

case "$ENGINE" in
  tomcat) ARTIFACTS="org.ops4j.pax.web:pax-web-tomcat:8.0.34 jakarta.el:jakarta.el-api:3.0.3
    jakarta.annotation:jakarta.annotation-api:1.3.5 jakarta.security.auth.message:jakarta.security.auth.message-api:1.1.3" ;;
  undertow) ARTIFACTS="org.ops4j.pax.web:pax-web-undertow:8.0.34 jakarta.annotation:jakarta.annotation-api:1.3.5
    com.sun.activation:javax.activation:1.2.0 jakarta.xml.bind:jakarta.xml.bind-api:2.3.3
    org.jboss.xnio:xnio-api:3.8.16.Final org.jboss.xnio:xnio-nio:3.8.16.Final
    io.undertow:undertow-core:2.2.37.Final io.undertow:undertow-servlet:2.2.37.Final" ;;
  *) echo "engine: tomcat or undertow" >&2; exit 2 ;;
esac

WORK=$(mktemp -d /tmp/nerava-engine.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/dist"
tar xzf "$ARCHIVE" -C "$WORK/dist"
DIST=$(ls -d "$WORK"/dist/*/)

for gav in $ARTIFACTS; do
  IFS=: read -r group artifact version <<<"$gav"
  path="${group//.//}/$artifact/$version/$artifact-$version.jar"
  [ -f "$REPO/$path" ] || mvn -B -ntp -q dependency:get -Dtransitive=false -Dartifact="$gav" >/dev/null
  mkdir -p "$DIST/system/$(dirname "$path")"
  cp "$REPO/$path" "$DIST/system/$path"
done

python3 - "$DIST" "$ENGINE" <<'PY'
import glob, re, sys
dist, engine = sys.argv[1], sys.argv[2]
def edit(pattern, change):
    [path] = glob.glob(dist + pattern)
    text = open(path).read()
    new = change(text)
    if new == text:
        sys.exit(f"nothing changed in {path}")
    open(path, "w").write(new)
edit("system/org/apache/karaf/features/standard/*/standard-*-features.xml",
     lambda t: t.replace("<feature>pax-web-http-jetty</feature>", f"<feature>pax-web-http-{engine}</feature>", 1))
edit("system/org/ops4j/pax/web/pax-web-features/*/pax-web-features-*-features.xml",
     lambda t: re.sub(r"<configfile finalname=\"\$\{karaf\.etc\}/(tomcat|undertow)[^<]*</configfile>", "", t))
edit("system/org/nerava/nerava-features/*/nerava-features-*-features.xml",
     lambda t: re.sub(r"<bundle>mvn:org\.nerava/jetty-edge/[^<]*</bundle>", "", t))
edit("etc/org.ops4j.pax.web.cfg",
     lambda t: re.sub(r"^org\.ops4j\.pax\.web\.config\.file = .*$", "", t, flags=re.M))
PY
rm -f "$DIST/etc/jetty.xml"
tar czf "$OUT" -C "$WORK/dist" "$(basename "$DIST")"
echo "$OUT: the distribution on $ENGINE"
