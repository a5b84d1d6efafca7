package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

import com.sun.net.httpserver.HttpServer;

/**
 * The plugin kit as an integrator uses it, from a clean directory and the local repository only: generate a provider
 * project from {@code nerava-otp-provider-archetype}, build it with {@code mvn -o package} (its contract test runs),
 * drop the jar into {@code deploy/} of a running server, configure it, make it the active provider and sign in
 * through it, the code arriving at an SMS gateway on 127.0.0.1.
 */
class PluginKitTest {

    private static final String VERSION = System.getProperty("nerava.version", "0.1.0-SNAPSHOT");
    private static final Pattern BOUND = Pattern.compile("(?m)^\\s*acme_sms\\b.*\\bbound\\b");
    private static final String PHONE = "+14155550901";

    @TempDir
    Path clean;

    @Test
    void aProviderGeneratedFromTheArchetypeBuildsOfflineAndSignsADriverIn() throws Exception {
        Path repository = KitRepository.prepared(VERSION);

        long started = System.nanoTime();
        maven(clean, repository, "org.apache.maven.plugins:maven-archetype-plugin:"
                + System.getProperty("nerava.archetype.plugin.version", "3.2.1") + ":generate",
                "-DarchetypeGroupId=org.nerava", "-DarchetypeArtifactId=nerava-otp-provider-archetype",
                "-DarchetypeVersion=" + VERSION, "-DgroupId=com.example.otp", "-DartifactId=acme-otp",
                "-Dversion=1.0.0", "-Dpackage=com.example.otp.acme", "-DproviderId=acme_sms",
                "-DinteractiveMode=false");
        Path project = clean.resolve("acme-otp");
        String build = maven(project, repository, "package");
        long builtMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("plugin kit: generated and built offline (contract test included) in %d ms%n", builtMillis);
        assertThat(build).contains("Tests run: 7, Failures: 0, Errors: 0");
        Path jar = project.resolve("target/acme-otp-1.0.0.jar");
        assertThat(jar).exists();
        assertThat(project.resolve("target/feature/feature.xml")).content()
                .contains("<feature name=\"acme-otp\"").contains("mvn:com.example.otp/acme-otp/1.0.0");

        try (NeravaServer server = NeravaServer.start(); Gateway gateway = new Gateway()) {
            server.configure("org.nerava.auth", "sendsPerIpPerHour", "1000", "resendIntervalSeconds", "0");
            server.configure("com.example.otp.acme", "gatewayUrl", gateway.url(), ".apiKey", "kit-test-key");
            Path staged = Files.copy(jar, server.home().resolve("acme-otp.jar.part"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(staged, server.home().resolve("deploy/acme-otp.jar"), StandardCopyOption.ATOMIC_MOVE);
            await(Duration.ofSeconds(20), () -> BOUND.matcher(server.shell("nerava:otp-providers")).find());

            assertThat(server.shell("nerava:otp-check acme_sms")).contains("gateway reachable");
            assertThat(gateway.sends()).as("diagnose sends nothing").isEmpty();
            assertThat(server.shell("nerava:otp-use acme_sms")).contains("Active OTP provider: acme_sms");

            HttpResult asked = server.postJson("/v1/auth/otp/start", "{\"phone\":\"" + PHONE + "\"}");
            assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
            await(Duration.ofSeconds(10), () -> !gateway.sends().isEmpty());
            String send = gateway.sends().get(0);
            assertThat(send).contains("to=" + PHONE);
            Matcher code = Pattern.compile("Your code is ([0-9]{6})").matcher(send);
            assertThat(code.find()).as(send).isTrue();
            HttpResult verified = server.postJson("/v1/auth/otp/verify",
                    "{\"phone\":\"" + PHONE + "\",\"code\":\"" + code.group(1) + "\"}");
            assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
            String token = verified.json().get("access_token").asText();
            assertThat(server.getAuthorized("/v1/account", token).status()).isEqualTo(200);
            assertThat(server.log()).as("the provider logs neither the code nor the number")
                    .doesNotContain(code.group(1)).doesNotContain(PHONE);
        }
    }

    /**
     * Runs the README's Maven (the tree's {@code mvnw}, the Maven that filled the repository) offline on the given
     * local repository; fails with its output unless it succeeds. Another Maven may need what this one never fetched:
     * Maven 3.8 adds plexus-utils 1.1 to every plugin that does not name it, and failed here on a fresh machine.
     */
    private static String maven(Path directory, Path repository, String... arguments)
            throws IOException, InterruptedException {
        Path wrapper = Paths.get(System.getProperty("nerava.source.root", "../..")).resolve("mvnw").toAbsolutePath();
        List<String> command = new java.util.ArrayList<>(List.of(wrapper.toString(), "-o", "-B", "-ntp",
                "-Dmaven.repo.local=" + repository));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("plugin-kit-maven", ".log");
        Process maven = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean ended = maven.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            maven.destroyForcibly();
        }
        String log = Files.readString(output);
        Files.delete(output);
        assertThat(ended && maven.exitValue() == 0).as("%s in %s:%n%s", command, directory, log).isTrue();
        return log;
    }

    private static void await(Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            NeravaServer.sleep(100);
        }
    }

    /** The SMS gateway the generated provider posts to: keeps each form body, answers 200 (and HEAD with 204). */
    private static final class Gateway implements AutoCloseable {

        private final HttpServer server;
        private final List<String> sends = new CopyOnWriteArrayList<>();

        Gateway() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/send", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    boolean send = "POST".equals(exchange.getRequestMethod());
                    if (send) {
                        sends.add(URLDecoder.decode(new String(body.readAllBytes(), StandardCharsets.UTF_8),
                                StandardCharsets.UTF_8));
                    }
                    exchange.sendResponseHeaders(send ? 200 : 204, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/send";
        }

        List<String> sends() {
            return sends;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
