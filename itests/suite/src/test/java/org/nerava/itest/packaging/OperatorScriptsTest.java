package org.nerava.itest.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.nerava.itest.harness.DistributionArchive;
import org.nerava.itest.harness.Ports;

/**
 * The operator's scripts of the distribution as docs/operations.md tells an operator to use them, on a tarball install
 * started with {@code bin/start}, with no variable in the environment: everything comes from {@code etc/nerava.env}.
 * {@code bin/client} with a command as argument and no terminal; the first admin user from
 * {@code bin/nerava-add-admin}; {@code bin/stop} returning only once the JVM has gone, so a start right after it
 * starts; a start while running refused with a message and a non-zero status; a second instance made with
 * {@code bin/nerava-instance} from this booted one, side by side, writing its configuration into its own {@code etc/};
 * the systemd unit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorScriptsTest {

    private static final String ADMIN = "ops";
    private static final String ADMIN_PASSWORD = "a long pass\\word $HOME";
    private static final Duration BOOT = Duration.ofSeconds(120);

    @TempDir
    static Path work;

    static Path home;
    static int httpPort;
    static Path secondHome;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void unpackWithAnEnvironmentFile() throws Exception {
        home = DistributionArchive.unpackInto(work.resolve("first"));
        httpPort = Ports.free();
        writeEnvironmentFile(home, httpPort, Ports.free(), Ports.free(), Ports.free());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (Path distribution : new Path[] {secondHome, home}) {
            if (distribution != null) {
                run(distribution, null, "bin/stop");
            }
        }
    }

    @Test
    @Order(1)
    void startReadsThePortsFromTheEnvironmentFileAndASecondStartIsRefused() throws Exception {
        Result start = run(home, null, "bin/start");
        assertThat(start.status()).as(start.output()).isZero();
        awaitHealthy(httpPort);
        awaitReady(httpPort);

        Result again = run(home, null, "bin/start");
        assertThat(again.status()).as(again.output()).isEqualTo(1);
        assertThat(again.output()).contains("already running");
    }

    @Test
    @Order(2)
    void theFirstAdminUserComesFromOneCommandWithThePasswordOnStandardInput() throws Exception {
        Result add = run(home, ADMIN_PASSWORD + "\n", "bin/nerava-add-admin", ADMIN);
        assertThat(add.status()).as(add.output()).isZero();
        assertThat(add.output()).doesNotContain(ADMIN_PASSWORD);
        String users = Files.readString(home.resolve("etc/users.properties"));
        // A bcrypt hash, never the password.
        assertThat(users).contains(ADMIN + " = {CRYPT}$2a$10$").doesNotContain(ADMIN_PASSWORD);

        assertThat(adminFeatures(httpPort, ADMIN_PASSWORD)).isEqualTo(200);
        assertThat(adminFeatures(httpPort, "wrong password!")).isEqualTo(401);

        Result tooShort = run(home, "short\n", "bin/nerava-add-admin", "other");
        assertThat(tooShort.status()).isEqualTo(2);
        assertThat(tooShort.output()).contains("at least 12 characters");
    }

    @Test
    @Order(3)
    void theClientRunsACommandGivenAsArgumentsOnTheShippedConfiguration() throws Exception {
        Result providers = run(home, null, "bin/client", "-u", ADMIN, "-p", ADMIN_PASSWORD, "nerava:otp-providers");
        assertThat(providers.status()).as(providers.output()).isZero();
        assertThat(providers.output()).contains("console", "bound").doesNotContain("Closed")
                .doesNotContain("Invalid value for sshPort").doesNotContain("Invalid host pattern");

        Result piped = run(home, null, "bin/client", "-u", ADMIN, "-p", ADMIN_PASSWORD,
                "nerava:otp-providers | grep twilio_sms");
        assertThat(piped.output()).contains("twilio_sms").doesNotContain("twilio_verify");
    }

    @Test
    @Order(4)
    void theManagementPortsAreReadWithoutANumberFormatError() throws Exception {
        assertThat(Files.readString(home.resolve("data/log/karaf.log"))).doesNotContain("NumberFormatException");
    }

    @Test
    @Order(5)
    void stopReturnsOnceTheJvmHasExitedSoAStartRightAfterStarts() throws Exception {
        long pid = Long.parseLong(Files.readString(home.resolve("karaf.pid")).strip());
        assertThat(ProcessHandle.of(pid)).isPresent();

        Result stop = run(home, null, "bin/stop");
        assertThat(stop.status()).as(stop.output()).isZero();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("JVM alive after bin/stop").isFalse();

        Result start = run(home, null, "bin/start");
        assertThat(start.status()).as(start.output()).isZero();
        awaitReady(httpPort);
        assertThat(adminFeatures(httpPort, ADMIN_PASSWORD)).isEqualTo(200);
    }

    @Test
    @Order(6)
    void aSecondInstanceRunsBesideTheFirstAndWritesItsOwnConfiguration() throws Exception {
        secondHome = work.resolve("second");
        int secondPort = Ports.free();
        Result make = run(home, null, "bin/nerava-instance", secondHome.toString(), Integer.toString(secondPort),
                Integer.toString(Ports.free()));
        assertThat(make.status()).as(make.output()).isZero();
        assertThat(secondHome.resolve("data/cache")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(secondHome.resolve("etc/nerava.env")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        Result start = run(secondHome, null, "bin/start");
        assertThat(start.status()).as(start.output()).isZero();
        awaitHealthy(secondPort);
        awaitReady(secondPort);
        assertThat(status(httpPort, "/healthz")).isEqualTo(200);

        // A configuration change made through the second instance's shell lands in its own etc/, not the first's.
        String originalAuth = Files.readString(home.resolve("etc/org.nerava.auth.cfg"));
        Result set = run(secondHome, null, "bin/client", "-u", ADMIN, "-p", ADMIN_PASSWORD,
                "config:property-set -p org.nerava.auth sendsPerHour 999");
        assertThat(set.status()).as(set.output()).isZero();
        for (int i = 0; i < 50 && !Files.readString(secondHome.resolve("etc/org.nerava.auth.cfg"))
                .contains("sendsPerHour = 999"); i++) {
            sleep(100);
        }
        assertThat(Files.readString(secondHome.resolve("etc/org.nerava.auth.cfg"))).contains("sendsPerHour = 999");
        assertThat(Files.readString(home.resolve("etc/org.nerava.auth.cfg"))).isEqualTo(originalAuth);
    }

    @Test
    @Order(7)
    void theSystemdUnitVerifies() throws Exception {
        String unit = Files.readString(home.resolve("bin/contrib/nerava.service"));
        assertThat(unit).contains("ExecStart=/opt/nerava/bin/karaf server", "ExecStop=/opt/nerava/bin/stop",
                "User=nerava", "[Install]");
        Path analyze = Paths.get("/usr/bin/systemd-analyze");
        if (Files.isExecutable(analyze)) {
            Path installed = Files.writeString(work.resolve("nerava.service"), unit.replace("/opt/nerava", home.toString()));
            Process verify = new ProcessBuilder(analyze.toString(), "verify", installed.toString())
                    .redirectErrorStream(true).start();
            String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(verify.waitFor()).as(output).isZero();
        }
    }

    // ---- helpers

    record Result(int status, String output) {
    }

    /** Runs a script of the distribution with no Nerava variable in its environment; {@code stdin} null: none. */
    static Result run(Path distribution, String stdin, String... command) throws Exception {
        List<String> words = new ArrayList<>(List.of(command));
        words.set(0, distribution.resolve(command[0]).toString());
        ProcessBuilder builder = new ProcessBuilder(words).directory(distribution.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("NERAVA_") || name.startsWith("KARAF_")
                || name.startsWith("ORG_APACHE_KARAF"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Path output = Files.createTempFile(work, "script", ".out");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(150, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("did not finish: " + words);
        }
        return new Result(process.exitValue(), Files.readString(output));
    }

    private static void writeEnvironmentFile(Path distribution, int http, int ssh, int rmiRegistry, int rmiServer)
            throws IOException {
        Path file = distribution.resolve("etc/nerava.env");
        Files.writeString(file, String.join("\n",
                "# written by the test, as an operator would",
                "NERAVA_PROFILE=dev",
                "NERAVA_HTTP_HOST=127.0.0.1",
                "NERAVA_HTTP_PORT=" + http,
                "NERAVA_SSH_PORT=" + ssh,
                "NERAVA_RMI_REGISTRY_PORT=" + rmiRegistry,
                "NERAVA_RMI_SERVER_PORT=" + rmiServer,
                "JAVA_MAX_MEM=384m",
                ""));
        Files.setPosixFilePermissions(file, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    /**
     * The admin API's answer for these credentials, once it is served: right after {@code /readyz} turns ready the
     * admin feature's resources may still be coming (404, or 503 while the runtime swaps them in).
     */
    private int adminFeatures(int port, String password) throws Exception {
        long deadline = System.nanoTime() + BOOT.toNanos();
        int status = adminFeaturesOnce(port, password);
        while ((status == 404 || status == 503) && System.nanoTime() < deadline) {
            sleep(200);
            status = adminFeaturesOnce(port, password);
        }
        return status;
    }

    private int adminFeaturesOnce(int port, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((ADMIN + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/admin/features"))
                .header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int status(int port, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void awaitHealthy(int port) {
        awaitStatus(port, "/healthz");
    }

    private void awaitReady(int port) {
        awaitStatus(port, "/readyz");
    }

    private void awaitStatus(int port, String path) {
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (System.nanoTime() < deadline) {
            if (status(port, path) == 200) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError(path + " on port " + port + " never answered 200");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
