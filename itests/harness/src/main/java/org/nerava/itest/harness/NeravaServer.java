package org.nerava.itest.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The built Nerava distribution, run as a real process: unpacked into its own directory, on free loopback ports,
 * with a throw-away shell user. Tests talk to it over HTTP and through {@code bin/client}, exactly as an operator
 * and the driver app would.
 */
public final class NeravaServer implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    /** What only a running instance needs; {@link #close()} deletes it. */
    private static final List<String> RUNTIME_ONLY = List.of("system", "lib", "data/cache", "data/tmp");

    private final Path home;
    private final Map<String, String> environment;
    private final int httpPort;
    private final int sshPort;
    private final String shellUser = "itest";
    private final String shellPassword = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private NeravaServer(Path home, Map<String, String> extraEnvironment) {
        this.home = home;
        this.httpPort = Ports.free();
        this.sshPort = Ports.free();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("NERAVA_HTTP_PORT", Integer.toString(httpPort));
        env.put("NERAVA_SSH_PORT", Integer.toString(sshPort));
        env.put("NERAVA_RMI_REGISTRY_PORT", Integer.toString(Ports.free()));
        env.put("NERAVA_RMI_SERVER_PORT", Integer.toString(Ports.free()));
        env.put("JAVA_MAX_MEM", "512m");
        // The development profile, as README command 1 runs it: console OTP provider, codes in data/log/karaf.log.
        env.put("NERAVA_PROFILE", "dev");
        env.putAll(extraEnvironment);
        this.environment = env;
        liftNumberRangeLimit();
    }

    /**
     * Every test phone is in the fictional +1 415 555 range, which the SMS-pumping guard's per-range limit
     * ({@code sendsPerPrefixPerHour}, 20 an hour by default) would soon refuse; tests of that limit set it back.
     */
    private void liftNumberRangeLimit() {
        Path cfg = home.resolve("etc/org.nerava.auth.cfg");
        try {
            Files.writeString(cfg, Files.readString(cfg).replaceAll("(?m)^sendsPerPrefixPerHour = .*$",
                    "sendsPerPrefixPerHour = 100000"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unpacks a fresh distribution and boots it, waiting until {@code /healthz} answers 200. */
    public static NeravaServer start() {
        return start(Map.of());
    }

    /** Like {@link #start()}, and then waits until {@code /readyz} answers 200 ({@link #awaitReady()}). */
    public static NeravaServer startReady() {
        NeravaServer server = start();
        server.awaitReady();
        return server;
    }

    /** Like {@link #start()}, with extra environment variables (e.g. {@code NERAVA_DB_URL}). */
    public static NeravaServer start(Map<String, String> environment) {
        return start(environment, List.of());
    }

    /**
     * Like {@link #start(Map)}, with lines appended to {@code etc/users.properties} before the first boot: Karaf users
     * ({@code alice = <password>,_g_:admingroup}, {@code victor = <password>,viewer}) and groups
     * ({@code _g_\:admingroup = group,admin,...}), for tests of the admin API's JAAS sign-in.
     */
    public static NeravaServer start(Map<String, String> environment, List<String> usersProperties) {
        NeravaServer server = new NeravaServer(unpack(), environment);
        server.addShellUser();
        server.appendUsers(usersProperties);
        server.boot();
        return server;
    }

    /**
     * Like {@link #start(Map)}, after {@code beforeFirstBoot} has prepared the unpacked distribution (its home
     * directory): for example a {@code data/} left by an older version, to test the upgrade.
     */
    public static NeravaServer start(Map<String, String> environment, java.util.function.Consumer<Path> beforeFirstBoot) {
        NeravaServer server = new NeravaServer(unpack(), environment);
        server.addShellUser();
        beforeFirstBoot.accept(server.home);
        server.boot();
        return server;
    }

    /**
     * Unpacks a fresh distribution and does not boot it: for tests that watch the boot itself; {@link #launch()}
     * starts the process.
     */
    public static NeravaServer unpacked() {
        NeravaServer server = new NeravaServer(unpack(), Map.of());
        server.addShellUser();
        return server;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The Karaf shell's SSH port on 127.0.0.1. */
    public int sshPort() {
        return sshPort;
    }

    public Path home() {
        return home;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** Starts the process (again, after {@link #stop()}) and waits for {@code /healthz}. */
    public void boot() {
        launch();
        awaitHealthy(BOOT_TIMEOUT);
        awaitRestRuntime(BOOT_TIMEOUT);
    }

    /** Starts the process and returns at once, before the server answers anything. */
    public void launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's process is running (it may not answer yet). */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /**
     * Liveness is a servlet and answers before the JAX-RS runtime has published the platform's resources, and both
     * answer while Karaf still installs the boot features; tests start once {@code /readyz} answers in JSON with its
     * {@code boot} check up, no schema still migrating and the boot window over ({@code rest} up: on a restart
     * {@code boot} is up at once while the features' components still activate), or the database down (a database a
     * test took away keeps the window open up to 60 s; such tests get the 503 they expect).
     */
    private void awaitRestRuntime(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResult last = null;
        while (System.nanoTime() < deadline) {
            last = get("/readyz");
            String type = last.header("Content-Type");
            if ((last.status() == 200 || last.status() == 503) && type != null && type.startsWith("application/json")
                    && "up".equals(last.json().at("/checks/boot/status").asText())
                    && !last.json().at("/checks/schemas/detail").asText().contains("migrating")
                    && ("up".equals(last.json().at("/checks/rest/status").asText())
                            || "down".equals(last.json().at("/checks/database/status").asText()))) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("/readyz never answered in JSON; last: " + last + "\n" + logTail());
    }

    /** Waits until {@code /readyz} answers 200 (every critical check up), or fails with the last answer. */
    public HttpResult awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResult last = null;
        while (System.nanoTime() < deadline) {
            last = get("/readyz");
            if (last.status() == 200) {
                return last;
            }
            sleep(100);
        }
        throw new AssertionError("/readyz never answered 200; last: " + last);
    }

    /** Waits until {@code /healthz} answers 200, or fails with the tail of the log. */
    public Duration awaitHealthy(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "\n" + logTail());
            }
            try {
                if (get("/healthz").status() == 200) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (RuntimeException notYet) {
                // connection refused while the HTTP engine starts
            }
            sleep(100);
        }
        throw new IllegalStateException("no /healthz 200 within " + timeout + "\n" + logTail());
    }

    /** Stops the server the way an operator does (SIGTERM, Karaf's orderly shutdown), killing it if it hangs. */
    public void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().collect(Collectors.toList()));
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            for (ProcessHandle handle : tree) {
                handle.onExit().get(60, TimeUnit.SECONDS);
            }
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        process = null;
    }

    /** Kills the JVM with SIGKILL: no shutdown hooks, no flushing. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public void restart() {
        stop();
        boot();
    }

    /**
     * Stops the server and deletes what a finished instance no longer needs: its copy of the distribution's Maven
     * repository ({@code system/}), {@code lib/} and the framework's bundle cache: 197 MB of a booted instance's
     * 198 MB. The suite starts well over a hundred instances, and keeping them all filled the CI machine's disk
     * ("No space left on device" 18 minutes in). What a failure is read from stays: {@code etc/}, {@code data/log/},
     * the database and {@code console.log}.
     */
    @Override
    public void close() {
        stop();
        for (String bulk : RUNTIME_ONLY) {
            deleteTree(home.resolve(bulk));
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Best effort: a file the dead process still held is left to the next `mvn clean`.
            System.err.println("could not delete all of " + root + ": " + e);
        }
    }

    // ---- HTTP

    public HttpResult get(String path) {
        return send("GET", path, null, Map.of());
    }

    public HttpResult postJson(String path, String json) {
        return send("POST", path, json, Map.of("Content-Type", "application/json"));
    }

    /**
     * Posts the JSON body until the answer has the expected status (a feature's endpoints appear and vanish a
     * moment after its install or uninstall returns), or fails with the last answer.
     */
    public HttpResult awaitPost(String path, String json, int expectedStatus) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResult last = null;
        while (System.nanoTime() < deadline) {
            last = postJson(path, json);
            if (last.status() == expectedStatus) {
                return last;
            }
            sleep(100);
        }
        throw new AssertionError("POST " + path + " answered " + last + ", expected " + expectedStatus);
    }

    public HttpResult send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpResult(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- shell

    /**
     * Runs Karaf shell commands through {@code bin/client} in batch mode and returns what they printed. Two failures
     * come before any command is sent, and then the whole invocation is tried again, up to three times, and then it
     * fails with the server's log lines about SSH: on a loaded machine the SSH handshake can miss the client's retry
     * window ("Failed to get the session"); and the connection can close while the client signs in (Apache SSHD
     * fails the sign-in with "Session is being closed", seen once in CI; the command channel is only opened after a
     * successful sign-in, so the command did not run).
     */
    public String shell(String commands) {
        return shellAs(shellUser, shellPassword, commands);
    }

    /**
     * Like {@link #shell(String)}, signed in as another Karaf user (one added with {@link #start(Map, List)}), with
     * the same retry of a session that could not be opened.
     */
    public String shellAs(String user, String password, String commands) {
        String output = "";
        for (int attempt = 1; attempt <= 3; attempt++) {
            output = shellOnce(user, password, commands);
            if (!closedBeforeTheCommand(output)) {
                return output;
            }
            System.err.println("NeravaServer: bin/client attempt " + attempt + " ended before the command ran: "
                    + output.strip());
        }
        // Seen in CI when the SSH server read its port unsubstituted (etc/org.apache.karaf.shell.cfg): say what the
        // server logged about its SSH endpoint.
        String sshLines = log().lines().filter(line -> line.toLowerCase(Locale.ROOT).contains("ssh"))
                .collect(Collectors.joining("\n"));
        throw new IllegalStateException("no shell session opened on 127.0.0.1:" + sshPort + " in 3 tries ("
                + output.strip() + "); the server's log lines about SSH:\n" + (sshLines.isEmpty() ? "(none)" : sshLines));
    }

    private static boolean closedBeforeTheCommand(String output) {
        String answer = output.strip();
        return answer.contains("Failed to get the session") || answer.equals("Session is being closed");
    }

    private String shellOnce(String user, String password, String commands) {
        try {
            // Output goes to a file: a command that prints more than a pipe holds would block the client otherwise.
            Path outputFile = Files.createTempFile(home, "shell", ".out");
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(), "-h", "127.0.0.1",
                    "-a", Integer.toString(sshPort), "-u", user, "-p", password, "-r", "10", "-d", "1", "-b")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile());
            builder.environment().put("JAVA_HOME", environment.get("JAVA_HOME"));
            Process client = builder.start();
            try (OutputStream stdin = client.getOutputStream()) {
                stdin.write((commands + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (!client.waitFor(120, TimeUnit.SECONDS)) {
                client.destroyForcibly();
                throw new IllegalStateException("shell command did not finish: " + commands);
            }
            String output = Files.readString(outputFile);
            Files.delete(outputFile);
            return output.lines().filter(line -> !line.startsWith("client: JAVA_HOME"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sets configuration properties of one PID in a single update ({@code config:edit} ... {@code config:update}).
     * Separate {@code config:property-set -p} calls in quick succession race with Karaf writing the .cfg file back
     * and can lose keys.
     *
     * @param keyValues key, value, key, value...; a null value deletes the key
     */
    public String configure(String pid, String... keyValues) {
        StringBuilder commands = new StringBuilder("config:edit " + pid + "\n");
        for (int i = 0; i < keyValues.length; i += 2) {
            commands.append(keyValues[i + 1] == null ? "config:property-delete " + keyValues[i]
                    : "config:property-set " + keyValues[i] + " " + keyValues[i + 1]).append('\n');
        }
        return shell(commands.append("config:update").toString());
    }

    /** Adds a features file and installs one of its features, as an operator would from the shell. */
    public String installFeature(Path featuresXml, String feature) {
        String output = shell("feature:repo-add " + featuresXml.toUri() + "\nfeature:install " + feature);
        String installed = shell("feature:list -i");
        if (!installed.contains(feature)) {
            throw new IllegalStateException("feature " + feature + " was not installed:\n" + output + "\n" + installed);
        }
        return output;
    }

    public String uninstallFeature(String feature) {
        return shell("feature:uninstall " + feature);
    }

    // ---- sign-in, as a driver with the console provider

    /**
     * Asks for a code for the phone (expects 202) and reads it from the console provider's log line, as a developer
     * would.
     *
     * @param phoneE164 the number exactly as the console provider writes it (E.164)
     */
    public String sendCode(String phoneE164) {
        Pattern line = Pattern.compile("console OTP " + Pattern.quote(phoneE164) + " code ([0-9]+)");
        long before = line.matcher(log()).results().count();
        HttpResult started = postJson("/v1/auth/otp/start", "{\"phone\":\"" + phoneE164 + "\"}");
        if (started.status() != 202) {
            throw new AssertionError("otp/start answered " + started);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> codes = line.matcher(log()).results().map(m -> m.group(1)).toList();
            if (codes.size() > before) {
                return codes.get(codes.size() - 1);
            }
            sleep(50);
        }
        throw new AssertionError("no console OTP line for " + phoneE164 + " in data/log/karaf.log");
    }

    /** Signs the phone in through start, the log and verify; returns the bearer token. */
    public String signIn(String phoneE164) {
        String code = sendCode(phoneE164);
        HttpResult verified = postJson("/v1/auth/otp/verify",
                "{\"phone\":\"" + phoneE164 + "\",\"code\":\"" + code + "\"}");
        if (verified.status() != 200) {
            throw new AssertionError("otp/verify answered " + verified);
        }
        return verified.json().get("access_token").asText();
    }

    public HttpResult getAuthorized(String path, String token) {
        return send("GET", path, null, Map.of("Authorization", "Bearer " + token));
    }

    public String log() {
        return readLog("karaf.log");
    }

    /** data/log/access.log: one line per request, written asynchronously (it may lag a request by milliseconds). */
    public String accessLog() {
        return readLog("access.log");
    }

    private String readLog(String name) {
        try {
            Path log = home.resolve("data/log").resolve(name);
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String logTail() {
        String text = log();
        try {
            Path console = home.resolve("console.log");
            if (Files.exists(console)) {
                text += "\n--- console ---\n" + Files.readString(console);
            }
        } catch (IOException ignored) {
            // best effort
        }
        return text.length() > 8000 ? text.substring(text.length() - 8000) : text;
    }

    // ---- set-up

    private static Path unpack() {
        Path work = Paths.get(System.getProperty("nerava.work", "target/it/instances"));
        return DistributionArchive.unpackInto(
                work.resolve("nerava-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet()));
    }

    private void addShellUser() {
        try {
            Files.writeString(home.resolve("etc/users.properties"),
                    "\n" + shellUser + " = " + shellPassword + ",_g_:itestgroup\n"
                            + "_g_\\:itestgroup = group,admin,manager,viewer,systembundles,ssh\n",
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void appendUsers(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        try {
            Files.writeString(home.resolve("etc/users.properties"), "\n" + String.join("\n", lines) + "\n",
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shell user every instance gets (in a group with the admin role); its audit actor is {@code shell:itest}. */
    public String shellUser() {
        return shellUser;
    }


    /** Thread.sleep without the checked exception. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
