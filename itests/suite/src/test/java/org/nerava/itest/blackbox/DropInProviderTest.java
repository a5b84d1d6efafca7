package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HealthProbe;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;
import org.nerava.testing.otp.SignedWebhookReceiver;

/**
 * An OTP provider built outside the distribution (the webhook provider's jar: it is in no boot feature) is dropped
 * into {@code deploy/} of a running server, listed, configured, made active and signed in through; then its jar is
 * deleted and sign-in falls back to the next provider of the chain. Then the same provider comes and goes as the
 * feature {@code nerava-otp-webhook}, which the distribution carries but does not boot. No restart, and
 * {@code /healthz} never fails.
 */
class DropInProviderTest {

    private static final Pattern WEBHOOK_BOUND = Pattern.compile("(?m)^\\s*webhook\\b.*\\bbound\\b");
    private static final Pattern WEBHOOK_MISSING = Pattern.compile("(?m)^\\s*webhook\\b.*\\bmissing\\b");
    private static final String THROUGH_WEBHOOK = "+14155550701";
    private static final String AFTER_REMOVAL = "+14155550702";

    @Test
    void aProviderJarDroppedIntoDeployServesSignInAndItsRemovalFallsBack() throws IOException {
        Path jar = Paths.get(System.getProperty("nerava.webhook.jar", "target/it/otp-webhook.jar"));
        assertThat(jar).exists();
        try (NeravaServer server = NeravaServer.start();
                SignedWebhookReceiver receiver = new SignedWebhookReceiver(SignedWebhookReceiver.SECRET)) {
            server.configure("org.nerava.auth", "sendsPerIpPerHour", "1000", "resendIntervalSeconds", "0",
                    "fallback", "console");
            assertThat(server.shell("nerava:otp-providers")).doesNotContainPattern(WEBHOOK_BOUND);
            Path deployed = server.home().resolve("deploy/otp-webhook.jar");
            int healthRequests;
            try (HealthProbe health = new HealthProbe(server, "/healthz")) {
                // Copied beside deploy/ first and moved in whole, so the deployer never sees half a jar.
                Path staged = Files.copy(jar, server.home().resolve("otp-webhook.jar.part"),
                        StandardCopyOption.REPLACE_EXISTING);
                long copied = System.nanoTime();
                Files.move(staged, deployed, StandardCopyOption.ATOMIC_MOVE);
                long boundInLog = awaitMillis(copied, Duration.ofSeconds(10),
                        () -> server.log().contains("OTP provider 'webhook' bound"));
                long listed = awaitMillis(copied, Duration.ofSeconds(10),
                        () -> WEBHOOK_BOUND.matcher(server.shell("nerava:otp-providers")).find());
                System.out.printf("drop-in: jar moved into deploy/ -> 'webhook' bound in the log after %d ms,"
                        + " listed by nerava:otp-providers after %d ms%n", boundInLog, listed);
                // The deployer's latency is read from the log; the listing only has to follow (each bin/client
                // call is a JVM start, 2 s and more on a busy machine, so it measures the client, not the server).
                assertThat(boundInLog).as("ms from the jar in deploy/ to the provider bound (karaf.log)")
                        .isLessThan(5_000);

                // Unconfigured, it is bound but says what is missing.
                assertThat(server.shell("nerava:otp-check webhook")).contains("url is not set");
                server.configure("org.nerava.otp.webhook", "url", receiver.url(), ".secret", SignedWebhookReceiver.SECRET);
                awaitMillis(System.nanoTime(), Duration.ofSeconds(10),
                        () -> server.shell("nerava:otp-check webhook").contains("receiver accepted a signed ping"));
                assertThat(receiver.pings()).isNotEmpty();
                assertThat(server.shell("nerava:otp-use webhook")).contains("Active OTP provider: webhook");

                // Sign-in through the webhook: the code comes from the receiver, not from the console's log line.
                HttpResult started = server.postJson("/v1/auth/otp/start", phone(THROUGH_WEBHOOK));
                assertThat(started.status()).as(started.toString()).isEqualTo(202);
                String code = receiver.awaitCode(THROUGH_WEBHOOK, 0);
                HttpResult verified = server.postJson("/v1/auth/otp/verify",
                        "{\"phone\":\"" + THROUGH_WEBHOOK + "\",\"code\":\"" + code + "\"}");
                assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
                String token = verified.json().get("access_token").asText();
                assertThat(server.getAuthorized("/v1/account", token).status()).isEqualTo(200);
                assertThat(server.log()).doesNotContain("console OTP " + THROUGH_WEBHOOK);
                assertThat(receiver.refused()).isEmpty();

                // The jar leaves: the provider is missing, and the chain (webhook, then console) falls back.
                Files.delete(deployed);
                long removed = awaitMillis(System.nanoTime(), Duration.ofSeconds(10),
                        () -> WEBHOOK_MISSING.matcher(server.shell("nerava:otp-providers")).find());
                System.out.printf("drop-in: jar deleted -> listed as missing after %d ms%n", removed);
                String fallbackToken = server.signIn(AFTER_REMOVAL);
                assertThat(server.getAuthorized("/v1/account", fallbackToken).status()).isEqualTo(200);
                assertThat(receiver.codes(AFTER_REMOVAL)).isEmpty();
                // The driver signed in through the webhook stays signed in.
                assertThat(server.getAuthorized("/v1/account", token).status()).isEqualTo(200);

                // The operator's other way: the feature, from the distribution's own system/ repository.
                server.shell("feature:install -r nerava-otp-webhook");
                awaitMillis(System.nanoTime(), Duration.ofSeconds(10),
                        () -> WEBHOOK_BOUND.matcher(server.shell("nerava:otp-providers")).find());
                HttpResult again = server.postJson("/v1/auth/otp/start", phone(THROUGH_WEBHOOK));
                assertThat(again.status()).as(again.toString()).isEqualTo(202);
                assertThat(receiver.awaitCode(THROUGH_WEBHOOK, 1)).as("its configuration survived").matches("[0-9]{6}");
                server.shell("feature:uninstall -r nerava-otp-webhook");
                awaitMillis(System.nanoTime(), Duration.ofSeconds(10),
                        () -> WEBHOOK_MISSING.matcher(server.shell("nerava:otp-providers")).find());

                health.stop();
                healthRequests = health.requests();
                assertThat(health.failures()).as("failed /healthz requests").isEmpty();
            }
            // A restart would have failed /healthz for seconds: no failure, many requests, means none happened.
            assertThat(healthRequests).as("the probe really ran throughout").isGreaterThan(100);
        }
    }

    private static String phone(String e164) {
        return "{\"phone\":\"" + e164 + "\"}";
    }

    /** Polls until the condition holds; returns the milliseconds since {@code since}. */
    private static long awaitMillis(long since, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - since) / 1_000_000;
            }
            NeravaServer.sleep(25);
        }
        throw new AssertionError("condition not met within " + timeout);
    }
}
