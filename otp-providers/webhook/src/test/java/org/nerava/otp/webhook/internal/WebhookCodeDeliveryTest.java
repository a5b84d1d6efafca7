package org.nerava.otp.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nerava.testing.otp.ProviderAnswers.failure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviderException.Reason;
import org.nerava.otp.spi.OtpReceipt;
import org.nerava.testing.BlackholePort;
import org.nerava.testing.otp.ProviderAnswers;
import org.nerava.testing.otp.SignedWebhookReceiver;

/** The provider against a receiver on a loopback port that verifies every request as a third party would. */
class WebhookCodeDeliveryTest extends WebhookTestBench {

    // ---- the signed event

    @Test
    void aDeliveryIsASignedEventTheReceiverVerifiesAndItsIdIsTheReceipt() {
        OtpReceipt receipt = provider(config()).deliver(MESSAGE).toCompletableFuture().join();

        assertThat(receiver.refused()).isEmpty();
        assertThat(receiver.accepted()).hasSize(1);
        SignedWebhookReceiver.Accepted event = receiver.accepted().get(0);
        assertThat(receipt.reference()).isEqualTo(event.id()).startsWith("otp_");
        assertThat(event.timestamp()).isBetween(Instant.now().getEpochSecond() - 5, Instant.now().getEpochSecond() + 1);
        assertThat(event.body())
                .startsWith("{\"type\":\"otp.code\",\"timestamp\":\"")
                .contains("\"data\":{\"phone\":\"+14155550123\",\"code\":\"482913\",\"expires_in\":300,"
                        + "\"locale\":\"en-US\",\"request_id\":\"req-1\"}");
    }

    @Test
    void aReceiverWithAnotherSecretRefusesTheSignatureWhichIsMisconfigured() {
        WebhookCodeDelivery provider = provider(config().withSecret("whsec_" + "A".repeat(32)));

        OtpProviderException e = failure(provider.deliver(MESSAGE));

        assertThat(receiver.refused()).containsExactly("signature mismatch");
        assertThat(e.reason()).isEqualTo(Reason.MISCONFIGURED);
        assertThat(e.providerCode()).isEqualTo("http_401");
        assertThat(e.isProviderFault()).isTrue();
    }

    @Test
    void aReplayedRequestIsRefusedByItsIdAndAStaleOneByItsTimestamp() throws Exception {
        provider(config()).deliver(MESSAGE).toCompletableFuture().join();
        SignedWebhookReceiver.Accepted original = receiver.accepted().get(0);
        String signature = WebhookSignature.sign(java.util.Base64.getDecoder().decode(TestConfig.SECRET.substring(6)),
                original.id(), original.timestamp(), original.body().getBytes(StandardCharsets.UTF_8));

        // An attacker who captured the request sends it again, byte for byte.
        HttpResponse<Void> replay = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(receiver.url()))
                .header("webhook-id", original.id())
                .header("webhook-timestamp", Long.toString(original.timestamp()))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(original.body())).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(replay.statusCode()).isEqualTo(409);

        // A provider whose clock is ten minutes behind signs timestamps the receiver no longer accepts.
        Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
        assertThat(failure(provider(config(), behind).deliver(MESSAGE)).reason()).isEqualTo(Reason.MISCONFIGURED);
        assertThat(receiver.refused()).containsExactly("replay of " + original.id(), "timestamp outside tolerance");
        assertThat(receiver.accepted()).hasSize(1);
    }

    @Test
    void theExampleOfTheGuideIsWhatTheProviderSignsByteForByte() {
        // docs/writing-a-plugin.md shows this request; its signature was computed independently (Python hmac).
        CodeMessage message = new CodeMessage("+14155550123", "482913", Duration.ofMinutes(5), Locale.US, "5f0c2b1e");
        byte[] body = WebhookPayload.code(message, Instant.parse("2026-11-28T04:40:00Z"));
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"otp.code\",\"timestamp\":"
                + "\"2026-11-28T04:40:00Z\",\"data\":{\"phone\":\"+14155550123\",\"code\":\"482913\","
                + "\"expires_in\":300,\"locale\":\"en-US\",\"request_id\":\"5f0c2b1e\"}}");
        byte[] key = java.util.Base64.getDecoder().decode(TestConfig.SECRET.substring("whsec_".length()));
        assertThat(WebhookSignature.sign(key, "otp_3f0c9a6e0b7d4a51a1c2d9e8f7a6b5c4", 1795840800L, body))
                .isEqualTo("v1,hcefOxl3LZ1yrK5Q9fwLGP85yWwikEQzERE6KsYy57E=");
    }

    @Test
    void textIsEscapedSoTheBodyStaysJson() {
        CodeMessage message = new CodeMessage("+14155550123", "482913", Duration.ofMinutes(5), Locale.US,
                "a\"b\\c\nd");
        assertThat(new String(WebhookPayload.code(message, Instant.EPOCH), StandardCharsets.UTF_8))
                .contains("\"request_id\":\"a\\\"b\\\\c\\u000ad\"");
        CodeMessage withoutRequest = new CodeMessage("+14155550123", "482913", Duration.ofMinutes(5), null, null);
        assertThat(new String(WebhookPayload.code(withoutRequest, Instant.EPOCH), StandardCharsets.UTF_8))
                .contains("\"locale\":\"en\",\"request_id\":null}");
    }

    @Test
    void everyDeliveryHasItsOwnId() {
        WebhookCodeDelivery provider = provider(config());
        provider.deliver(MESSAGE).toCompletableFuture().join();
        provider.deliver(MESSAGE).toCompletableFuture().join();
        assertThat(receiver.accepted()).extracting(SignedWebhookReceiver.Accepted::id).doesNotHaveDuplicates().hasSize(2);
    }

    // ---- answers of the receiver

    @Test
    void aServerErrorIsUnavailableAndIsNotRetried() {
        receiver.status(503);
        OtpProviderException e = failure(provider(config()).deliver(MESSAGE));
        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(e.providerCode()).isEqualTo("http_503");
        assertThat(receiver.requests()).as("the receiver may have acted on it: sent once").isEqualTo(1);
    }

    @Test
    void answersAboutTheNumberAreNotFaults() {
        WebhookCodeDelivery provider = provider(config());
        receiver.status(422);
        assertThat(failure(provider.deliver(MESSAGE)).reason()).isEqualTo(Reason.INVALID_PHONE);
        receiver.status(403);
        assertThat(failure(provider.deliver(MESSAGE)).reason()).isEqualTo(Reason.REFUSED);
        receiver.status(429);
        OtpProviderException throttled = failure(provider.deliver(MESSAGE));
        assertThat(throttled.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(throttled.isProviderFault()).isFalse();
        assertThat(receiver.requests()).isEqualTo(3);
    }

    @Test
    void aWrongUrlOrARedirectIsMisconfigured() {
        WebhookCodeDelivery provider = provider(config());
        receiver.status(404);
        assertThat(failure(provider.deliver(MESSAGE)).reason()).isEqualTo(Reason.MISCONFIGURED);
        receiver.status(308);
        OtpProviderException redirected = failure(provider.deliver(MESSAGE));
        assertThat(redirected.reason()).isEqualTo(Reason.MISCONFIGURED);
        assertThat(redirected.getMessage()).contains("redirects are not followed");
    }

    // ---- timeouts and retries

    @Test
    void aSilentReceiverIsATimeoutAtTheReadTimeoutAndIsNotRetried() {
        receiver.delay(3_000);
        long started = System.nanoTime();
        OtpProviderException e = failure(provider(config().withTimeouts(1000, 400)).deliver(MESSAGE));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.providerCode()).isEqualTo("read_timeout");
        assertThat(tookMillis).isBetween(350L, 2_500L);
        assertThat(receiver.requests()).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsTriedAgainWithTheSameIdThenUnavailable() throws IOException {
        int closedPort = freePort();
        WebhookCodeDelivery provider = provider(TestConfig.of("http://127.0.0.1:" + closedPort + "/otp"));
        OtpProviderException e = failure(provider.deliver(MESSAGE));
        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(e.providerCode()).isEqualTo("connect");
        assertThat(e.getMessage()).contains("2 attempts");

        WebhookCodeDelivery once = provider(TestConfig.of("http://127.0.0.1:" + closedPort + "/otp").withConnectAttempts(1));
        assertThat(failure(once.deliver(MESSAGE)).getMessage()).contains("1 attempt)");
    }

    @Test
    void aReceiverThatComesUpWhileTheProviderPausesGetsTheCodeOnce() throws Exception {
        int port = freePort();
        WebhookCodeDelivery provider = provider(TestConfig.of("http://127.0.0.1:" + port + "/otp"));
        CompletionStage<OtpReceipt> delivery = provider.deliver(MESSAGE);
        // The first connection is refused at once; the provider tries again after its pause (200 ms).
        Thread.sleep(60);
        try (SignedWebhookReceiver late = new SignedWebhookReceiver(TestConfig.SECRET, Clock.systemUTC(), port)) {
            OtpReceipt receipt = delivery.toCompletableFuture().join();
            assertThat(late.accepted()).extracting(SignedWebhookReceiver.Accepted::id).containsExactly(receipt.reference());
            assertThat(late.requests()).isEqualTo(1);
        }
    }

    @Test
    void aReceiverThatCannotBeReachedInTimeIsUnavailableAfterEveryConnectAttempt() throws IOException {
        try (BlackholePort blackhole = new BlackholePort()) {
            long started = System.nanoTime();
            OtpProviderException e = failure(provider(TestConfig.of(blackhole.baseUrl() + "/otp").withTimeouts(300, 2000))
                    .deliver(MESSAGE));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
            assertThat(e.providerCode()).isEqualTo("connect");
            // Two attempts of 300 ms and one pause of 200 ms (generous upper bound: a loaded 2-core machine).
            assertThat(tookMillis).isBetween(750L, 4_000L);
        }
    }

    @Test
    void aConnectionDroppedAfterTheRequestWasSentIsNotRetried() throws Exception {
        try (ServerSocket dropper = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!dropper.isClosed()) {
                    try (Socket socket = dropper.accept()) {
                        socket.getInputStream().read(new byte[8192]); // the request arrived...
                    } catch (IOException closed) {
                        return;
                    } // ...and the connection ends without an answer
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            WebhookCodeDelivery provider = provider(TestConfig.of("http://127.0.0.1:" + dropper.getLocalPort() + "/otp"));
            OtpProviderException e = failure(provider.deliver(MESSAGE));
            assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
            assertThat(e.providerCode()).isEqualTo("io");
        }
    }

    // ---- what the receiver streams after its status

    @Test
    void aHugeAnswerIsJudgedByItsStatusAndNotReadToItsEnd() throws Exception {
        long huge = 30L * 1024 * 1024;
        try (RawReceiver accepting = new RawReceiver("200 OK", huge, 0);
                RawReceiver failing = new RawReceiver("500 Internal Server Error", huge, 0)) {
            long started = System.nanoTime();
            OtpReceipt receipt = ProviderAnswers.await(provider(TestConfig.of(accepting.url())).deliver(MESSAGE));
            OtpProviderException e = failure(provider(TestConfig.of(failing.url())).deliver(MESSAGE));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(receipt.reference()).isNotBlank();
            assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
            assertThat(e.providerCode()).isEqualTo("http_500");
            assertThat(tookMillis).isLessThan(3_000);
            assertThat(accepting.awaitStopped()).as("bytes the receiver got out before the provider closed")
                    .isLessThan(huge);
            assertThat(failing.awaitStopped()).isLessThan(huge);
            System.out.printf("two 30 MB answers judged in %d ms; %d and %d bytes of them sent before the close%n",
                    tookMillis, accepting.awaitStopped(), failing.awaitStopped());
        }
    }

    @Test
    void anAnswerDrippingAfterItsStatusDoesNotHoldTheDeliveryAndIsCutAtTheReadTimeout() throws Exception {
        try (RawReceiver dripping = new RawReceiver("200 OK", Long.MAX_VALUE, 100)) {
            long started = System.nanoTime();
            OtpReceipt receipt = ProviderAnswers.await(provider(TestConfig.of(dripping.url()).withTimeouts(1000, 800))
                    .deliver(MESSAGE));
            long deliveredMillis = (System.nanoTime() - started) / 1_000_000;
            dripping.awaitStopped();
            long cutMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(receipt.reference()).isNotBlank();
            assertThat(deliveredMillis).as("the status is the answer").isLessThan(700);
            assertThat(cutMillis).as("the connection is closed after the read timeout").isBetween(700L, 4_000L);
        }
    }

    /**
     * A receiver on a raw socket: answers every request with this status and a chunked body of {@code bodyBytes},
     * written in 8 KiB chunks, {@code pauseMillis} apart; it stops when the client closes the connection.
     */
    private static final class RawReceiver implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final java.util.concurrent.CompletableFuture<Long> stopped = new java.util.concurrent.CompletableFuture<>();

        RawReceiver(String status, long bodyBytes, long pauseMillis) throws IOException {
            Thread thread = new Thread(() -> {
                long sent = 0;
                try (Socket client = socket.accept()) {
                    client.getInputStream().read(new byte[16384]);
                    java.io.OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked"
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = ("2000\r\n" + "x".repeat(8192) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    while (sent < bodyBytes) {
                        out.write(chunk);
                        out.flush();
                        sent += 8192;
                        if (pauseMillis > 0) {
                            Thread.sleep(pauseMillis);
                        }
                    }
                } catch (IOException | InterruptedException closedByTheClient) {
                    // what a provider that stops reading does
                } finally {
                    stopped.complete(sent);
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/otp";
        }

        /** The body bytes sent until the client closed the connection. */
        long awaitStopped() throws Exception {
            return stopped.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void deliverReturnsBeforeTheReceiverAnswers() {
        receiver.delay(3_000);
        long started = System.nanoTime();
        CompletionStage<OtpReceipt> stage = provider(config().withTimeouts(1000, 6000)).deliver(MESSAGE);
        long returnedAfter = (System.nanoTime() - started) / 1_000_000;
        // Not done when it returned: the exchange runs on the provider's own threads, not the caller's.
        assertThat(stage.toCompletableFuture().isDone()).as("done when deliver returned after %d ms", returnedAfter)
                .isFalse();
        stage.toCompletableFuture().join();
    }

    @Test
    void activationSendsNothingToTheReceiver() throws InterruptedException {
        provider(config());
        Thread.sleep(200);
        assertThat(receiver.requests()).isZero();
    }

    // ---- configuration and diagnose

    @Test
    void withoutUrlOrSecretEveryCallFailsAtOnceNamingTheKeyAndNothingIsSent() {
        WebhookCodeDelivery provider = provider(new TestConfig("", "", 2000, 5000, 2, false, 65536));
        OtpProviderException e = failure(provider.deliver(MESSAGE));
        assertThat(e.reason()).isEqualTo(Reason.MISCONFIGURED);
        assertThat(e.getMessage()).contains("url is not set (NERAVA_OTP_WEBHOOK_URL)")
                .contains(".secret is not set (NERAVA_OTP_WEBHOOK_SECRET)");
        Diagnosis diagnosis = provider.diagnose().toCompletableFuture().join();
        assertThat(diagnosis.healthy()).isFalse();
        assertThat(diagnosis.detail()).contains("url is not set");
        assertThat(receiver.requests()).isZero();
    }

    @Test
    void plainHttpIsOnlyForLoopbackUnlessAllowedAndWeakSecretsAreRefused() {
        WebhookCodeDelivery remote = provider(TestConfig.of("http://gateway.example/otp"));
        assertThat(failure(remote.deliver(MESSAGE)).getMessage())
                .contains("url = 'http://gateway.example/otp' refused: an https URL");
        assertThat(WebhookSettings.from(TestConfig.of("http://gateway.example/otp").allowingInsecureHttp()).problems)
                .isEmpty();
        assertThat(WebhookSettings.from(TestConfig.of("https://gateway.example/otp")).problems).isEmpty();
        assertThat(WebhookSettings.from(TestConfig.of("http://localhost:9000/otp")).problems).isEmpty();
        assertThat(WebhookSettings.from(TestConfig.of("ftp://gateway.example/otp")).problems)
                .containsExactly("url must be an https URL with a host and without user or fragment");
        assertThat(WebhookSettings.from(config().withSecret("whsec_c2hvcnQ=")).problems)
                .containsExactly(".secret must hold 24 to 64 bytes (has 5)");
        assertThat(WebhookSettings.from(config().withSecret("hunter2")).problems.get(0))
                .startsWith(".secret must be whsec_");
        assertThat(WebhookSettings.from(config().withTimeouts(0, 5000)).problems)
                .containsExactly("connectTimeoutMs must be between 1 and 60000 (is 0)");
        assertThat(WebhookSettings.from(config()).toString()).doesNotContain("MfKQ9r8G");
    }

    @Test
    void diagnoseSendsASignedPingAndNoCode() {
        Diagnosis diagnosis = provider(config()).diagnose().toCompletableFuture().join();
        assertThat(diagnosis.healthy()).isTrue();
        assertThat(diagnosis.details()).containsKeys("http_status", "latency_ms", "url")
                .containsEntry("worst_case_ms", 4200L); // 2 x 1000 connect + 200 pause + 2000 read
        assertThat(receiver.accepted()).singleElement().satisfies(ping -> {
            assertThat(ping.body()).startsWith("{\"type\":\"otp.ping\"").endsWith("\"data\":{}}");
            assertThat(ping.id()).startsWith("ping_");
        });
    }

    @Test
    void diagnoseWithAnotherSecretSaysTheSignatureWasRefused() {
        Diagnosis diagnosis = provider(config().withSecret("whsec_" + "B".repeat(32))).diagnose().toCompletableFuture()
                .join();
        assertThat(diagnosis.healthy()).isFalse();
        assertThat(diagnosis.detail()).contains("HTTP 401").contains("same secret");
    }

    @Test
    void aModifiedConfigurationAppliesToTheNextCall() throws IOException {
        WebhookCodeDelivery provider = provider(TestConfig.of("http://127.0.0.1:" + freePort() + "/otp"));
        provider.modified(config().properties());
        provider.deliver(MESSAGE).toCompletableFuture().join();
        assertThat(receiver.accepted()).hasSize(1);
    }

    @Test
    void afterDeactivationCallsFailAsUnavailable() {
        WebhookCodeDelivery provider = provider(config());
        provider.deactivate();
        assertThat(failure(provider.deliver(MESSAGE)).reason()).isEqualTo(Reason.UNAVAILABLE);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
