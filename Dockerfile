# Nerava Server in a container: the Karaf distribution that `mvn install` builds, on a Java 17 runtime.
#
#   ./mvnw -q install -DskipTests
#   docker build -t nerava-server .
#   docker run -p 8000:8000 -v nerava-data:/opt/nerava/data \
#     -e NERAVA_OTP_HMAC_KEYS='k1:<base64>' -e NERAVA_OTP_PROVIDER=twilio_verify -e TWILIO_ACCOUNT_SID=... nerava-server
#
# Configuration comes from the environment: every variable of docs/operations.md ("Every configuration key") is
# read by the shipped etc/*.cfg files when the server starts. Secrets are passed the same way, never baked in.
# Data (H2 database, logs, the Karaf cache) lives in /opt/nerava/data: keep it on a volume.
FROM eclipse-temurin:17-jre

# Must match the project version (a test checks it), so that the tarball below is the one just built.
ARG NERAVA_VERSION=0.1.0-SNAPSHOT

# curl for the health check (the JRE image does not promise one).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 nerava \
 && useradd --system --uid 10001 --gid nerava --home-dir /opt/nerava --shell /usr/sbin/nologin nerava

# ADD unpacks a local tar.gz. The server writes only etc/ (config:property-set, nerava:otp-use), data/ and deploy/:
# the rest (bin, lib, system) stays owned by root and read-only for the server's user.
ADD karaf-assembly/target/nerava-server-${NERAVA_VERSION}.tar.gz /opt/
RUN mv /opt/nerava-server-${NERAVA_VERSION} /opt/nerava \
 && mkdir -p /opt/nerava/data /opt/nerava/deploy \
 && chown -R nerava:nerava /opt/nerava/etc /opt/nerava/data /opt/nerava/deploy

# KARAF_EXEC=exec: bin/karaf execs the JVM instead of waiting for it, so Java is PID 1 and receives docker stop's
# SIGTERM itself (Karaf's shutdown hook then stops the bundles in order). The logs also go to stdout in `run` mode.
# The JVM's memory defaults come from bin/setenv (256 MB heap limit, ~300 MB resident under load); -e JAVA_MAX_MEM=512m
# raises the heap. Limit the container to the heap limit plus ~200 MB (the JVM's own memory), e.g. --memory 460m.
ENV NERAVA_HTTP_PORT=8000 \
    NERAVA_PROFILE=prod \
    KARAF_EXEC=exec

USER nerava:nerava
WORKDIR /opt/nerava
VOLUME ["/opt/nerava/data"]
EXPOSE 8000

# Liveness only: /healthz touches no database, provider or network. Readiness (/readyz) is for the load balancer.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1

# Foreground, no console, logs on stdout as well as in data/log/karaf.log.
CMD ["bin/karaf", "run"]
