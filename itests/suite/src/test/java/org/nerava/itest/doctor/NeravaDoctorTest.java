package org.nerava.itest.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.NeravaServer;
import org.nerava.itest.harness.Ports;
import org.nerava.testing.BlackholePort;
import org.nerava.testing.FakeGitHub;
import org.nerava.testing.FakePostHog;
import org.nerava.testing.TestPostgres;
import org.nerava.testing.otp.FakeTwilio;

/**
 * {@code bin/nerava-doctor} on the built distribution, as an operator runs it before a rollout: the exit code says
 * ready (0), warnings (1) or that boot or sign-in would fail (2), the table names the check and the fix, every run
 * ends within a minute, and a run writes nothing to the database and sends nothing to anybody.
 */
class NeravaDoctorTest {

    /**
     * The promise is a minute. A machine far busier than a deployment host (CI runners shared by several builds) may
     * be given more with {@code -Dnerava.doctor.itest.limitSeconds=}; the scripts' own wait follows it.
     */
    private static final Duration LIMIT = Duration.ofSeconds(Long.getLong("nerava.doctor.itest.limitSeconds", 60));

    /**
     * One installation for every run, as on a host: the first run boots it from scratch and keeps its bundle cache
     * (in a directory of this installation's test, not the user's temporary one), the others start from that cache.
     */
    private static final Path HOME = NeravaServer.unpacked().home();
    private static final Path CACHE = HOME.resolveSibling(HOME.getFileName() + "-doctor-cache");

    record Run(int exitCode, String output, Duration took) {
    }

    @Test
    void developmentDefaultsAreReady() {
        Run run = doctor(Map.of("NERAVA_PROFILE", "dev"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("ready: every check passed (exit 0)")
                .containsPattern("(?m)^otp +OK +provider 'console' can send codes")
                .containsPattern("(?m)^components +OK +.*waiting for a migrated schema \\(expected in check mode")
                .containsPattern("(?m)^schema\\.nerava-auth +OK +new: the first start creates it")
                .containsPattern("(?m)^github +OK +deployments not configured")
                .containsPattern("(?m)^ports\\.http +OK")
                .containsPattern("(?m)^http +OK +the HTTP engine starts")
                .containsPattern("(?m)^http\\.edge +OK +the HTTP edge answers");
        assertThat(run.took()).isLessThan(LIMIT);
    }

    @Test
    void productionDefaultsCannotSendCodesAndSaySo() {
        Run run = doctor(Map.of("NERAVA_PROFILE", "prod"));
        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).containsPattern("(?m)^otp +FAIL +no configured OTP provider can send codes.*"
                + "set NERAVA_OTP_PROVIDER to a provider configured for this profile")
                .containsPattern("(?m)^otp\\.keys +WARN .*NERAVA_OTP_HMAC_KEYS");
        assertThat(run.took()).isLessThan(LIMIT);
    }

    @Test
    void anEngineConfigurationTheEdgeRefusesWouldServeNothingAndTheScriptSaysWhy() throws IOException {
        Path engine = HOME.resolve("etc/tomcat-server.xml");
        String shipped = Files.readString(engine);
        try {
            Files.writeString(engine, shipped.replace("requestHeaderBytes=\"8192\"", "requestHeaderBytes=\"100000\""));
            Run run = doctor(Map.of());
            assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
            assertThat(run.output()).containsPattern("(?m)^http +FAIL +the HTTP engine did not start")
                    .contains("Caused by: java.lang.IllegalArgumentException: requestHeaderBytes (100000) must not"
                            + " exceed engineHeaderBytes (65536)");

            Files.writeString(engine, "<Server port=\"-1\"><Listener className=\"");
            run = doctor(Map.of());
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).containsPattern("(?m)^http +OK")
                    .containsPattern("(?m)^http\\.edge +WARN +the HTTP edge is not applied");
        } finally {
            Files.writeString(engine, shipped);
        }
    }

    @Test
    void twilioConfiguredAgainstADeadAddressWouldFailSignIn() throws Exception {
        try (BlackholePort blackhole = new BlackholePort(); FakeTwilio credentials = FakeTwilio.likeTwilio()) {
            Map<String, String> environment = new HashMap<>(credentials.environment());
            environment.put("NERAVA_TWILIO_API_BASE_URL", blackhole.baseUrl());
            environment.put("NERAVA_OTP_PROVIDER", "twilio_verify");
            Run run = doctor(environment);
            assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
            assertThat(run.output()).containsPattern("(?m)^otp +FAIL")
                    .containsPattern("(?m)^otp\\.twilio_verify +WARN +active, unhealthy");
            assertThat(run.took()).isLessThan(LIMIT);
        }
    }

    @Test
    void aDatabaseThatRefusesConnectionsWouldFailTheBoot() {
        Run run = doctor(Map.of("NERAVA_DB_DRIVER", "org.postgresql.Driver",
                "NERAVA_DB_URL", "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/nerava",
                "NERAVA_DB_USER", "nerava", "NERAVA_DB_PASSWORD", "wrong"));
        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).containsPattern("(?m)^database +FAIL +cannot connect.*NERAVA_DB_URL");
        assertThat(run.took()).isLessThan(LIMIT);
    }

    @Test
    void aGitHubTokenThatIsRefusedIsAWarningNamingTheKey() {
        try (FakeGitHub github = new FakeGitHub()) {
            Map<String, String> environment = new HashMap<>(github.environment());
            environment.put("NERAVA_GITHUB_TOKEN", "github_pat_revoked0000000000000000");
            Run run = doctor(environment);
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).containsPattern("(?m)^github +WARN +repository nerava/deployments: HTTP 401"
                    + " +the token is refused: set a valid NERAVA_GITHUB_TOKEN")
                    .contains("ready with warnings (exit 1)");
            assertThat(github.received()).allMatch(request -> request.method().equals("GET"));
            assertThat(run.took()).isLessThan(LIMIT);
        }
    }

    /**
     * PostgreSQL: on an empty database the doctor creates no table; on the database of a node that ran (and stopped),
     * every table keeps its rows, schema histories included; Twilio is diagnosed but sends nothing, GitHub is only
     * read, PostHog hears nothing.
     */
    @Test
    void aCheckRunWritesNothingToTheDatabaseAndSendsNothing() throws Exception {
        try (TestPostgres postgres = TestPostgres.createDatabase(); FakeTwilio twilio = FakeTwilio.likeTwilio();
                FakeGitHub github = new FakeGitHub(); FakePostHog posthog = new FakePostHog()) {
            Map<String, String> environment = new HashMap<>(postgres.serverEnvironment());
            environment.putAll(twilio.environment());
            environment.putAll(github.environment());
            environment.put("NERAVA_OTP_PROVIDER", "twilio_verify");
            environment.put("POSTHOG_API_KEY", "phc_doctorTestKey0123456789abcdef");
            environment.put("POSTHOG_HOST", posthog.host());

            Run onEmpty = doctor(environment);
            assertThat(onEmpty.exitCode()).as(onEmpty.output()).isZero();
            assertThat(onEmpty.output()).containsPattern("(?m)^schema\\.nerava-platform +OK +new: the first start");
            assertThat(tablesAndRows(postgres)).isEmpty();

            try (NeravaServer node = NeravaServer.start(environment)) {
                node.awaitReady();
            }
            Map<String, Long> before = tablesAndRows(postgres);
            assertThat(before).containsKey("nerava_auth_schema_history");
            int twilioCalls = twilio.received().size();

            Run onMigrated = doctor(environment);
            assertThat(onMigrated.exitCode()).as(onMigrated.output()).isZero();
            assertThat(onMigrated.output()).as("the first run settled, so this one starts from its bundle cache")
                    .contains("bundle cache reused from " + CACHE);
            assertThat(onMigrated.output()).containsPattern("(?m)^schema\\.nerava-auth +OK +at version \\d+, up to date")
                    .containsPattern("(?m)^otp\\.twilio_verify +OK")
                    .containsPattern("(?m)^github\\.backend +OK")
                    .containsPattern("(?m)^posthog +OK");
            assertThat(tablesAndRows(postgres)).isEqualTo(before);
            assertThat(twilio.received().subList(twilioCalls, twilio.received().size()))
                    .as("the doctor diagnoses the provider and sends no code")
                    .isNotEmpty()
                    .noneMatch(call -> call.method().equals("POST"));
            assertThat(github.received()).allMatch(request -> request.method().equals("GET"));
            assertThat(github.runs()).isEmpty();
            assertThat(posthog.requests()).isEmpty();
            assertThat(onEmpty.took()).isLessThan(LIMIT);
            assertThat(onMigrated.took()).isLessThan(LIMIT);
        }
    }

    /** Whatever the runs did, the installation's own data directory is as it was unpacked. */
    @AfterAll
    static void theInstallationsDataIsUntouched() throws IOException {
        try (Stream<Path> files = Files.walk(HOME.resolve("data"))) {
            assertThat(files.map(HOME::relativize).map(Path::toString).sorted())
                    .containsExactly("data", "data/tmp", "data/tmp/README");
        }
    }

    private static Map<String, Long> tablesAndRows(TestPostgres postgres) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet tables = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public'")) {
                while (tables.next()) {
                    rows.put(tables.getString(1), 0L);
                }
            }
            for (String table : rows.keySet()) {
                try (ResultSet count = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                    count.next();
                    rows.put(table, count.getLong(1));
                }
            }
        }
        return rows;
    }

    /** Runs bin/nerava-doctor of the installation with this environment (and free ports for the deployment). */
    private static Run doctor(Map<String, String> extra) {
        Path home = HOME;
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/nerava-doctor").toString())
                .directory(home.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("NERAVA_HTTP_PORT", Integer.toString(Ports.free()));
        environment.put("NERAVA_SSH_PORT", Integer.toString(Ports.free()));
        environment.put("NERAVA_PROFILE", "dev");
        environment.put("NERAVA_DOCTOR_TIMEOUT", Long.toString(LIMIT.toSeconds() - 5));
        environment.put("NERAVA_DOCTOR_CACHE", CACHE.toString());
        environment.putAll(extra);
        long start = System.nanoTime();
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/nerava-doctor did not end: " + output);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("bin/nerava-doctor " + extra.keySet() + ": exit " + process.exitValue() + " in "
                    + took.toMillis() + " ms (limit " + LIMIT.toSeconds() + " s, load " + loadAverage() + ")\n"
                    + output);
            assertThat(output).as("the script says how long it took and whether it started from a kept cache")
                    .containsPattern("(?m)^nerava-doctor: verdict after \\d+ s; bundle cache ");
            return new Run(process.exitValue(), output, took);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The system's load over the last minute, for reading a run's time (the machine may be shared). */
    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f", load);
    }

}
