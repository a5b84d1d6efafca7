package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.Fixtures;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

/**
 * Issue 21: no OTP provider can starve sign-in through the others. A provider whose {@code deliver()} blocks and
 * swallows interrupts ({@code itest-stubborn}) holds only its own share of threads; a provider whose {@code @Activate}
 * sleeps ten minutes ({@code itest-sleepy}) holds only an activation thread of sign-in's, not the {@code deploy/}
 * scanner that installed it.
 */
class ProviderIsolationTest {

    private static final Pattern STUBBORN_STUCK = Pattern.compile("(?m)^\\s*itest-stubborn\\b.*\\bstuck\\b");
    private static final Pattern STUBBORN_BOUND = Pattern.compile("(?m)^\\s*itest-stubborn\\b.*\\bbound\\b");
    private static final Pattern SLEEPY_ACTIVATING = Pattern.compile("(?m)^\\s*itest-sleepy\\b.*\\bactivating\\b");
    private static final Pattern WEBHOOK_BOUND = Pattern.compile("(?m)^\\s*webhook\\b.*\\bbound\\b");

    @Test
    void aProviderThatBlocksIgnoringInterruptsHoldsOnlyItsOwnThreadsAndSignInFallsBackToTheConsole() throws Exception {
        try (NeravaServer server = NeravaServer.start()) {
            server.configure("org.nerava.auth", "sendsPerIpPerHour", "1000", "sendsPerPhonePerHour", "1000",
                    "resendIntervalSeconds", "0", "providerTimeoutMillis", "1000", "fallback", "console");
            server.installFeature(Fixtures.featuresFile(server), Fixtures.FEATURE);
            server.installFeature(Fixtures.featuresFile(server), Fixtures.PROVIDERS_FEATURE);
            server.awaitPost("/v1/itest/echo", "{\"name\":\"up\",\"count\":0}", 200);
            String signedIn = server.signIn("+14155552100");

            // The console's normal latency, measured under the same load of 20 drivers at once.
            List<Long> consoleAlone = starts(server, 2200, 60, 20).latencies(202);
            server.configure("org.nerava.itest.stubborn", "enabled", "true");
            await(Duration.ofSeconds(20), () -> STUBBORN_BOUND.matcher(server.shell("nerava:otp-providers")).find());
            assertThat(server.shell("nerava:otp-use itest-stubborn")).contains("itest-stubborn");

            Outcomes stubborn = starts(server, 3000, 200, 20);
            System.out.printf("stubborn active, console fallback: 200 starts -> %s; 202 latency p50 %d ms, p90 %d ms"
                    + " (console alone: p50 %d ms, p90 %d ms)%n", stubborn.byStatus(), percentile(stubborn.latencies(202), 50),
                    percentile(stubborn.latencies(202), 90), percentile(consoleAlone, 50), percentile(consoleAlone, 90));
            assertThat(stubborn.byStatus().keySet()).as("only 202 and 504").containsAnyOf(202).isSubsetOf(202, 504);
            assertThat(stubborn.count(504)).as("504s: only the calls the stubborn provider got its threads for (4)")
                    .isLessThanOrEqualTo(4);
            List<Long> later = stubborn.latencies(202).subList(40, stubborn.latencies(202).size());
            System.out.printf("once its threads are stuck: 202 latency p50 %d ms, p90 %d ms%n", percentile(later, 50),
                    percentile(later, 90));
            assertThat(percentile(later, 50)).as("ms of a start once the stubborn provider's threads are stuck")
                    .isLessThan(2 * percentile(consoleAlone, 50) + 100);

            String listing = server.shell("nerava:otp-providers");
            System.out.println(listing);
            assertThat(listing).containsPattern(STUBBORN_STUCK);
            String metrics = server.get("/metrics").body();
            assertThat(metrics).containsPattern("nerava_otp_provider_stuck_calls\\{[^}]*provider=\"itest-stubborn\"[^}]*} 4\\.0");
            HttpResult ready = server.get("/readyz");
            assertThat(ready.json().at("/checks/otp/status").asText()).isEqualTo("degraded");
            assertThat(ready.json().at("/checks/otp/detail").asText()).contains("itest-stubborn").contains("stuck");
            assertThat(ready.json().at("/checks/otp/stuck_calls/itest-stubborn").asInt()).isEqualTo(4);

            // Switching to the console: every start is a 202, and the console was never blamed.
            assertThat(server.shell("nerava:otp-use console")).contains("console");
            Outcomes console = starts(server, 3400, 40, 8);
            assertThat(console.byStatus()).containsOnlyKeys(202);
            assertThat(server.shell("nerava:otp-providers")).containsPattern("(?m)^\\s*console\\b.*\\bclosed\\b");
            assertThat(server.get("/healthz").status()).isEqualTo(200);
            assertThat(server.postJson("/v1/itest/echo", "{\"name\":\"still\",\"count\":1}").status()).isEqualTo(200);
            assertThat(server.getAuthorized("/v1/account", signedIn).status()).isEqualTo(200);

            // The stubborn provider removed: its threads come back.
            server.shell("config:delete org.nerava.itest.stubborn");
            await(Duration.ofSeconds(20), () -> !server.get("/metrics").body()
                    .matches("(?s).*nerava_otp_provider_stuck_calls\\{[^}]*provider=\"itest-stubborn\"[^}]*} [1-9].*"));
        }
    }

    @Test
    void aProviderWhoseActivationSleepsIsListedActivatingAndHoldsUpNeitherDeployNorUninstall() throws Exception {
        Path webhookJar = Paths.get(System.getProperty("nerava.webhook.jar", "target/it/otp-webhook.jar"));
        NeravaServer server = NeravaServer.start();
        try {
            server.configure("org.nerava.itest.sleepy", "enabled", "true");
            drop(server, Fixtures.providersJar(), "itest-providers.jar");
            await(Duration.ofSeconds(20), () -> SLEEPY_ACTIVATING.matcher(server.shell("nerava:otp-providers")).find());

            // The deploy/ scanner is free: the next jar dropped in binds within its usual time.
            // Timed on the log line: a bin/client call is a JVM start, seconds on a busy machine.
            long dropped = System.nanoTime();
            drop(server, webhookJar, "otp-webhook.jar");
            await(Duration.ofSeconds(10), () -> server.log().contains("OTP provider 'webhook' bound"));
            long boundMillis = (System.nanoTime() - dropped) / 1_000_000;
            System.out.printf("sleeper activating: webhook jar dropped into deploy/ -> bound after %d ms%n", boundMillis);
            assertThat(boundMillis).isLessThan(5_000);
            await(Duration.ofSeconds(10), () -> WEBHOOK_BOUND.matcher(server.shell("nerava:otp-providers")).find());

            // Features install, and uninstalling another bundle completes.
            server.installFeature(Fixtures.featuresFile(server), Fixtures.FEATURE);
            server.awaitPost("/v1/itest/echo", "{\"name\":\"up\",\"count\":0}", 200);
            String bundleId = server.shell("bundle:id org.nerava.itest.fixture").strip();
            long uninstall = System.nanoTime();
            server.shell("bundle:uninstall " + bundleId);
            long uninstallMillis = (System.nanoTime() - uninstall) / 1_000_000;
            System.out.printf("sleeper activating: bundle:uninstall of the itest fixture took %d ms%n", uninstallMillis);
            assertThat(server.shell("bundle:list -s")).doesNotContain("org.nerava.itest.fixture");
            assertThat(uninstallMillis).isLessThan(10_000);

            String listing = server.shell("nerava:otp-providers");
            System.out.println(listing);
            assertThat(listing).containsPattern(SLEEPY_ACTIVATING).contains("org.nerava.itest.providers")
                    .containsPattern("(?m)^\\s*itest-broken\\b.*\\bfailed\\b.*itest-broken: credentials rejected");
            assertThat(server.shell("nerava:otp-use itest-sleepy")).contains("no OTP provider 'itest-sleepy' is bound");
            server.signIn("+14155552301");
            assertThat(server.get("/healthz").status()).isEqualTo(200);
        } finally {
            // Karaf's orderly stop would wait on the sleeping activation: not what this test is about.
            server.kill();
        }
    }

    private static void drop(NeravaServer server, Path jar, String name) throws Exception {
        // Copied beside deploy/ first and moved in whole, so the deployer never sees half a jar.
        Path staged = Files.copy(jar, server.home().resolve(name + ".part"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, server.home().resolve("deploy").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Starts for {@code count} phones, {@code parallel} at a time; statuses and latencies in the order they ended. */
    private static Outcomes starts(NeravaServer server, int firstPhone, int count, int parallel) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<long[]>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String phone = "+1415555" + (firstPhone + i);
                calls.add(clients.submit(() -> {
                    long t0 = System.nanoTime();
                    HttpResult answer = server.postJson("/v1/auth/otp/start", "{\"phone\":\"" + phone + "\"}");
                    if (answer.status() != 202 && answer.status() != 504) {
                        System.out.println("start answered " + answer);
                    }
                    return new long[] {answer.status(), (System.nanoTime() - t0) / 1_000_000};
                }));
            }
            List<long[]> results = new ArrayList<>();
            for (Future<long[]> call : calls) {
                results.add(call.get());
            }
            return new Outcomes(results);
        } finally {
            clients.shutdownNow();
        }
    }

    private record Outcomes(List<long[]> results) {
        Map<Integer, Integer> byStatus() {
            Map<Integer, Integer> counts = new TreeMap<>();
            results.forEach(r -> counts.merge((int) r[0], 1, Integer::sum));
            return counts;
        }

        int count(int status) {
            return byStatus().getOrDefault(status, 0);
        }

        List<Long> latencies(int status) {
            return results.stream().filter(r -> r[0] == status).map(r -> r[1]).toList();
        }
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }

    private static void await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            NeravaServer.sleep(100);
        }
    }
}
