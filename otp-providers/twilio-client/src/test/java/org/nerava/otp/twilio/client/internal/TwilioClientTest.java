package org.nerava.otp.twilio.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nerava.otp.twilio.client.internal.TwilioTestAccounts.ACCOUNT_SID;
import static org.nerava.otp.twilio.client.internal.TwilioTestAccounts.AUTH_TOKEN;
import static org.nerava.otp.twilio.client.internal.TwilioTestAccounts.FROM;
import static org.nerava.otp.twilio.client.internal.TwilioTestAccounts.MESSAGING_SID;
import static org.nerava.otp.twilio.client.internal.TwilioTestAccounts.VERIFY_SID;
import static org.nerava.testing.otp.ProviderAnswers.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviderException.Reason;
import org.nerava.otp.spi.OtpProviders;
import org.nerava.otp.twilio.client.TwilioErrorCodes;
import org.nerava.otp.twilio.client.TwilioMessage;
import org.nerava.otp.twilio.client.TwilioProduct;
import org.nerava.otp.twilio.client.TwilioVerification;
import org.nerava.testing.otp.FakeTwilio;
import org.nerava.testing.otp.ProviderAnswers;

/** The real Twilio SDK, through the façade, against a fake Twilio on loopback. */
class TwilioClientTest {

    private static final String PHONE = "+14155550123";
    private static final String VERIFICATIONS = "/v2/Services/" + VERIFY_SID + "/Verifications";
    private static final String CHECKS = "/v2/Services/" + VERIFY_SID + "/VerificationCheck";
    private static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

    private final FakeTwilio twilio = FakeTwilio.start();
    private final List<TwilioClient> clients = new ArrayList<>();
    /** Every failure a test saw, to check that none of them shows a secret. */
    private final List<Throwable> failures = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(TwilioClient::close);
        twilio.close();
        for (Throwable failure : failures) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain(AUTH_TOKEN).doesNotContain(PHONE)
                    .doesNotContain(basicAuth());
        }
    }

    @Test
    void verifyStartPostsTheFormWithBasicAuthAndReturnsPending() throws Exception {
        twilio.answer("POST", VERIFICATIONS, 201, "{\"sid\":\"VE123\",\"status\":\"pending\",\"to\":\"" + PHONE + "\"}");

        TwilioVerification started = await(client().verifyStart(PHONE, "sms", Locale.forLanguageTag("es-MX")));

        assertThat(started).isEqualTo(new TwilioVerification("VE123", "pending"));
        assertThat(twilio.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo(VERIFICATIONS);
            assertThat(request.form()).containsEntry("To", PHONE).containsEntry("Channel", "sms")
                    .containsEntry("Locale", "es");
            assertThat(request.authorization()).isEqualTo(basicAuth());
        });
    }

    @Test
    void verifyStartLeavesLanguagesTwilioDoesNotSpeakToTwilio() throws Exception {
        twilio.answer("POST", VERIFICATIONS, 201, "{\"sid\":\"VE1\",\"status\":\"pending\"}");

        await(client().verifyStart(PHONE, "sms", Locale.forLanguageTag("sw-KE")));
        await(client().verifyStart(PHONE, "sms", Locale.forLanguageTag("pt-BR")));

        assertThat(twilio.received().get(0).form()).doesNotContainKey("Locale");
        assertThat(twilio.received().get(1).form()).containsEntry("Locale", "pt-BR");
    }

    @ParameterizedTest
    @CsvSource({"approved", "pending", "max_attempts_reached", "expired", "canceled"})
    void verifyCheckReturnsTwilioStatus(String status) throws Exception {
        twilio.answer("POST", CHECKS, 200, "{\"sid\":\"VE1\",\"status\":\"" + status + "\",\"valid\":false}");

        assertThat(await(client().verifyCheck(PHONE, "123456"))).isEqualTo(status);
        assertThat(twilio.received()).singleElement().satisfies(request -> assertThat(request.form())
                .containsEntry("To", PHONE).containsEntry("Code", "123456"));
    }

    @Test
    void verifyCheckOfAVerificationTwilioForgotFailsWith20404() {
        twilio.error("POST", CHECKS, 404, 20404, "The requested resource was not found");

        OtpProviderException failure = failure(client().verifyCheck(PHONE, "123456"));

        assertThat(failure.providerCode()).isEqualTo(TwilioErrorCodes.NOT_FOUND);
    }

    @Test
    void sendMessagePostsToFromAndBodyAndAcceptsQueued() throws Exception {
        twilio.answer("POST", MESSAGES, 201, "{\"sid\":\"SM123\",\"status\":\"queued\",\"body\":\"x\"}");

        TwilioMessage sent = await(client().sendMessage(PHONE, "Your code is 123456"));

        assertThat(sent).isEqualTo(new TwilioMessage("SM123", "queued"));
        assertThat(twilio.received()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo(MESSAGES);
            assertThat(request.form()).containsEntry("To", PHONE).containsEntry("From", FROM)
                    .containsEntry("Body", "Your code is 123456").doesNotContainKey("MessagingServiceSid");
            assertThat(request.authorization()).isEqualTo(basicAuth());
        });
    }

    @Test
    void sendMessageUsesTheMessagingServiceWhenOneIsConfigured() throws Exception {
        twilio.answer("POST", MESSAGES, 201, "{\"sid\":\"SM9\",\"status\":\"accepted\"}");
        Map<String, Object> config = TwilioTestAccounts.configured(twilio.baseUrl());
        config.remove("fromNumber");
        config.put("messagingServiceSid", MESSAGING_SID);

        assertThat(await(client(config).sendMessage(PHONE, "hi")).status()).isEqualTo("accepted");
        assertThat(twilio.received().get(0).form()).containsEntry("MessagingServiceSid", MESSAGING_SID)
                .doesNotContainKey("From");
    }

    @Test
    void aMessageTwilioAlreadyFailedIsAFailure() {
        twilio.answer("POST", MESSAGES, 201, "{\"sid\":\"SM9\",\"status\":\"failed\",\"error_code\":30006}");

        OtpProviderException failure = failure(client().sendMessage(PHONE, "hi"));

        assertThat(failure.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(failure.providerCode()).isEqualTo("30006");
    }

    @ParameterizedTest(name = "Twilio {1} (HTTP {0}) on {2} is {3}")
    @CsvSource({
            "401, 20003, verify, MISCONFIGURED",
            "401, 20003, sms,    MISCONFIGURED",
            "400, 60200, verify, INVALID_PHONE",
            "429, 60202, check,  RATE_LIMITED",
            "429, 60203, verify, RATE_LIMITED",
            "403, 60410, verify, REFUSED",
            "400, 21408, sms,    REFUSED",
            "400, 21211, sms,    INVALID_PHONE",
            "400, 21614, sms,    INVALID_PHONE",
            "429, 20429, sms,    RATE_LIMITED",
            "404, 20404, verify, MISCONFIGURED",
            "400, 99999, sms,    UNAVAILABLE",
            "503, 20503, verify, UNAVAILABLE"})
    void twilioErrorsBecomeReasonsWithTwilioCodeAndAMaskedPhone(int status, int code, String operation,
            Reason reason) {
        String path = switch (operation) {
            case "verify" -> VERIFICATIONS;
            case "check" -> CHECKS;
            default -> MESSAGES;
        };
        twilio.error("POST", path, status, code, "Invalid parameter `To`: " + PHONE);

        OtpProviderException failure = failure(call(client(), operation));

        assertThat(failure.reason()).isEqualTo(reason);
        assertThat(failure.providerCode()).isEqualTo(Integer.toString(code));
        assertThat(failure.getMessage()).contains(OtpProviders.maskPhone(PHONE)).doesNotContain(PHONE).doesNotContain("\n");
        assertThat(twilio.count()).isEqualTo(1);
    }

    @Test
    void a500IsUnavailableAfterExactlyOneRequest() throws Exception {
        twilio.answer("POST", MESSAGES, 500, "{\"code\":20500,\"message\":\"Internal Server Error\",\"status\":500}");

        OtpProviderException failure = failure(client().sendMessage(PHONE, "hi"));

        assertThat(failure.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(failure.providerCode()).isEqualTo("20500");
        Thread.sleep(500); // the SDK would retry after 100 ms, httpclient5 after 1 s; neither may
        assertThat(twilio.count()).isEqualTo(1);
    }

    @Test
    void a503WithRetryAfterAndAnHtmlBodyIsUnavailableAfterOneRequest() throws Exception {
        twilio.answer("POST", VERIFICATIONS, 503, "<html>Service Unavailable</html>");

        OtpProviderException failure = failure(client().verifyStart(PHONE, "sms", Locale.ENGLISH));

        assertThat(failure.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(failure.providerCode()).isEqualTo("http_503");
        Thread.sleep(500);
        assertThat(twilio.count()).isEqualTo(1);
    }

    @Test
    void a429WithoutBodyIsRateLimitedAfterOneRequest() throws Exception {
        twilio.answer("POST", MESSAGES, 429, "");

        OtpProviderException failure = failure(client().sendMessage(PHONE, "hi"));

        assertThat(failure.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(failure.providerCode()).isEqualTo("http_429");
        Thread.sleep(500);
        assertThat(twilio.count()).isEqualTo(1);
    }

    @Test
    void malformedJsonIsUnavailable() {
        twilio.answer("POST", VERIFICATIONS, 201, "{\"sid\": \"VE1\", \"status\": ");

        OtpProviderException failure = failure(client().verifyStart(PHONE, "sms", Locale.ENGLISH));

        assertThat(failure.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(failure.providerCode()).isEqualTo(TwilioErrorCodes.MALFORMED_RESPONSE);
    }

    @Test
    void aTwilioThatNeverAnswersIsATimeoutWithinTheReadTimeout() {
        twilio.hang("POST", MESSAGES);
        Map<String, Object> config = TwilioTestAccounts.configured(twilio.baseUrl());
        config.put("readTimeoutMs", 700);

        long started = System.nanoTime();
        OtpProviderException failure = failure(client(config).sendMessage(PHONE, "hi"));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(failure.providerCode()).isEqualTo(TwilioErrorCodes.READ_TIMEOUT);
        assertThat(tookMs).as("ms to TIMEOUT with a 700 ms read timeout").isBetween(600L, 1700L);
        assertThat(twilio.count()).isEqualTo(1);
        System.out.println("never-answering Twilio: TIMEOUT after " + tookMs + " ms (readTimeoutMs 700)");
    }

    @Test
    void aTwilioThatTricklesIsCutAtTheDeadlineAndTheThreadIsFreed() throws Exception {
        twilio.trickle("POST", MESSAGES, 100);
        twilio.answer("POST", VERIFICATIONS, 201, "{\"sid\":\"VE1\",\"status\":\"pending\"}");
        Map<String, Object> config = TwilioTestAccounts.configured(twilio.baseUrl());
        config.put("connectTimeoutMs", 300);
        config.put("readTimeoutMs", 500);
        config.put("threads", 1);
        TwilioClient client = client(config);

        long started = System.nanoTime();
        OtpProviderException failure = failure(client.sendMessage(PHONE, "hi"));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        // Each read gets a byte within 100 ms, so only the deadline (connect + read = 800 ms) can end it.
        assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(tookMs).isBetween(700L, 1800L);
        // The exchange was aborted, so the only thread is free for the next call.
        assertThat(await(client.verifyStart(PHONE, "sms", Locale.ENGLISH)).status()).isEqualTo("pending");
        System.out.println("trickling Twilio: TIMEOUT after " + tookMs + " ms (deadline 800 ms)");
    }

    @Test
    void aTwilioAnsweringThirtyMegabytesIsReadNoFurtherThanTheLimit() throws Exception {
        twilio.flood("POST", MESSAGES, 30L * 1024 * 1024);
        twilio.answer("POST", VERIFICATIONS, 201, "{\"sid\":\"VE1\",\"status\":\"pending\"}");
        Map<String, Object> config = TwilioTestAccounts.configured(twilio.baseUrl());
        config.put("maxResponseBytes", 65_536);
        config.put("threads", 2);
        TwilioClient client = client(config);
        System.gc();
        long heapBefore = usedHeap();

        long started = System.nanoTime();
        List<OtpProviderException> failures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            failures.add(failure(client.sendMessage(PHONE, "hi")));
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(failures).allSatisfy(failure -> {
            assertThat(failure.reason()).isEqualTo(Reason.UNAVAILABLE);
            assertThat(failure.providerCode()).isEqualTo("malformed_response");
            assertThat(failure.getMessage()).contains("longer than 65536 bytes");
        });
        assertThat(tookMs).as("8 answers cut at 64 KiB").isLessThan(5_000);
        System.gc();
        assertThat(usedHeap() - heapBefore).as("heap after, against before").isLessThan(16L * 1024 * 1024);
        // The threads are free for the next call.
        assertThat(await(client.verifyStart(PHONE, "sms", Locale.ENGLISH)).status()).isEqualTo("pending");
        System.out.println("30 MB Twilio answers: 8 refused in " + tookMs + " ms, heap +"
                + (usedHeap() - heapBefore) / 1024 + " KiB");
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void aHostThatNeverAcceptsIsAConnectTimeout() throws Exception {
        try (Backlogged port = Backlogged.open()) {
            Map<String, Object> config = TwilioTestAccounts.configured("http://127.0.0.1:" + port.port());
            config.put("connectTimeoutMs", 500);

            long started = System.nanoTime();
            OtpProviderException failure = failure(client(config).verifyStart(PHONE, "sms", Locale.ENGLISH));
            long tookMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(failure.reason()).isEqualTo(Reason.UNAVAILABLE);
            assertThat(failure.providerCode()).isEqualTo(TwilioErrorCodes.CONNECT_TIMEOUT);
            assertThat(tookMs).as("ms to failure with a 500 ms connect timeout").isBetween(400L, 1500L);
            System.out.println("never-accepting port: UNAVAILABLE connect_timeout after " + tookMs + " ms (connectTimeoutMs 500)");
        }
    }

    @Test
    void aRefusedConnectionIsUnavailableAtOnce() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> config = TwilioTestAccounts.configured("http://127.0.0.1:" + closedPort);

        long started = System.nanoTime();
        OtpProviderException failure = failure(client(config).sendMessage(PHONE, "hi"));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(failure.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(failure.providerCode()).isEqualTo(TwilioErrorCodes.UNREACHABLE);
        assertThat(tookMs).isLessThan(500L);
    }

    @Test
    void withAllThreadsBusyCallsWaitThenFailUnsentAndBeyondTheQueueFailAtOnce() throws Exception {
        twilio.hang("POST", MESSAGES);
        Map<String, Object> config = TwilioTestAccounts.configured(twilio.baseUrl());
        config.put("threads", 1);
        config.put("connectTimeoutMs", 200);
        config.put("readTimeoutMs", 400);
        TwilioClient client = client(config);

        List<CompletionStage<TwilioMessage>> accepted = new ArrayList<>();
        for (int i = 0; i < 1 + 8; i++) { // one running, eight waiting (8 per thread)
            accepted.add(client.sendMessage(PHONE, "code " + i));
        }
        OtpProviderException rejected = failure(client.sendMessage(PHONE, "one too many"));

        assertThat(rejected.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(rejected.providerCode()).isEqualTo(TwilioErrorCodes.BUSY);
        assertThat(failure(accepted.get(0)).reason()).isEqualTo(Reason.TIMEOUT);
        // Calls that got the thread before their deadline time out (Twilio may have them); the others were never
        // sent, and say so.
        int timedOut = 0;
        int unsent = 0;
        for (CompletionStage<TwilioMessage> stage : accepted) {
            OtpProviderException failure = failure(stage);
            if (failure.reason() == Reason.TIMEOUT) {
                timedOut++;
            } else {
                assertThat(failure.reason()).isEqualTo(Reason.UNAVAILABLE);
                assertThat(failure.providerCode()).isEqualTo(TwilioErrorCodes.NOT_SENT);
                unsent++;
            }
        }
        assertThat(unsent).isGreaterThanOrEqualTo(5);
        Thread.sleep(300);
        assertThat(twilio.count()).as("requests Twilio received").isBetween(1, timedOut);
    }

    @Test
    void withoutConfigurationEveryCallFailsAtOnceNamingTheKeyAndSendsNothing() {
        TwilioClient client = client(Map.of("apiBaseUrl", twilio.baseUrl()));

        OtpProviderException start = failure(client.verifyStart(PHONE, "sms", Locale.ENGLISH));
        OtpProviderException sms = failure(client.sendMessage(PHONE, "hi"));

        assertThat(start.reason()).isEqualTo(Reason.MISCONFIGURED);
        assertThat(start.providerCode()).isEqualTo(TwilioErrorCodes.NOT_CONFIGURED);
        assertThat(start.getMessage()).contains("accountSid is not set (TWILIO_ACCOUNT_SID)")
                .contains("authToken is not set").contains("verifyServiceSid is not set");
        assertThat(sms.getMessage()).contains("accountSid").contains("fromNumber").doesNotContain("verifyServiceSid");
        assertThat(client.configurationProblems(TwilioProduct.VERIFY)).hasSize(3);
        assertThat(twilio.count()).isZero();
    }

    @Test
    void aProductWithoutItsOwnKeyIsMisconfiguredWhileTheOtherWorks() throws Exception {
        twilio.answer("POST", MESSAGES, 201, "{\"sid\":\"SM1\",\"status\":\"queued\"}");
        Map<String, Object> config = TwilioTestAccounts.configured(twilio.baseUrl());
        config.put("verifyServiceSid", "");
        TwilioClient client = client(config);

        assertThat(failure(client.verifyCheck(PHONE, "1234")).getMessage())
                .contains("verifyServiceSid is not set (TWILIO_VERIFY_SERVICE_SID)");
        assertThat(await(client.sendMessage(PHONE, "hi")).status()).isEqualTo("queued");
        assertThat(client.configurationProblems(TwilioProduct.MESSAGING)).isEmpty();
    }

    @Test
    void diagnoseReadsTheAccountAndTheVerifyServiceAndSendsNothing() throws Exception {
        twilio.answer("GET", "/2010-04-01/Accounts/" + ACCOUNT_SID + ".json", 200,
                "{\"sid\":\"" + ACCOUNT_SID + "\",\"status\":\"active\",\"friendly_name\":\"Nerava\"}");
        twilio.answer("GET", "/v2/Services/" + VERIFY_SID, 200,
                "{\"sid\":\"" + VERIFY_SID + "\",\"friendly_name\":\"Nerava sign-in\",\"code_length\":6}");

        Diagnosis diagnosis = await(client().diagnose(TwilioProduct.VERIFY));

        assertThat(diagnosis.healthy()).isTrue();
        assertThat(diagnosis.detail()).contains("account active").contains("Nerava sign-in");
        assertThat(diagnosis.details()).containsEntry("code_length", 6).containsEntry("account_status", "active");
        assertThat(twilio.received()).extracting(FakeTwilio.Received::method).containsOnly("GET");
    }

    @Test
    void diagnoseWithWrongCredentialsIsUnhealthyAndSaysSo() throws Exception {
        twilio.error("GET", "/2010-04-01/Accounts/.*", 401, 20003, "Authenticate");

        Diagnosis diagnosis = await(client().diagnose(TwilioProduct.MESSAGING));

        assertThat(diagnosis.healthy()).isFalse();
        assertThat(diagnosis.detail()).contains("authentication failed").contains("20003");
        assertThat(diagnosis.details()).containsEntry("reason", "MISCONFIGURED").containsEntry("provider_code", "20003");
    }

    @Test
    void diagnoseWithoutConfigurationIsUnhealthyWithoutARequest() throws Exception {
        Map<String, Object> config = TwilioTestAccounts.configured(twilio.baseUrl());
        config.remove("verifyServiceSid");

        Diagnosis diagnosis = await(client(config).diagnose(TwilioProduct.VERIFY));

        assertThat(diagnosis.healthy()).isFalse();
        assertThat(diagnosis.detail()).contains("verifyServiceSid is not set");
        assertThat(twilio.count()).isZero();
    }

    @Test
    void closingFailsCallsInFlight() {
        twilio.hang("POST", MESSAGES);
        TwilioClient client = client();
        CompletionStage<TwilioMessage> inFlight = client.sendMessage(PHONE, "hi");
        waitUntil(() -> twilio.count() == 1);

        client.close();

        assertThat(failure(inFlight).reason()).isIn(Reason.UNAVAILABLE, Reason.TIMEOUT);
    }

    private TwilioClient client() {
        return client(TwilioTestAccounts.configured(twilio.baseUrl()));
    }

    private TwilioClient client(Map<String, Object> config) {
        TwilioClient client = TwilioTestAccounts.client(config);
        clients.add(client);
        return client;
    }

    private static CompletionStage<?> call(TwilioClient client, String operation) {
        return switch (operation) {
            case "verify" -> client.verifyStart(PHONE, "sms", Locale.ENGLISH);
            case "check" -> client.verifyCheck(PHONE, "123456");
            default -> client.sendMessage(PHONE, "Your code is 123456");
        };
    }

    private OtpProviderException failure(CompletionStage<?> stage) {
        OtpProviderException failure = ProviderAnswers.failure(stage);
        failures.add(failure);
        return failure;
    }

    private static String basicAuth() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.US_ASCII));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(until);
            Thread.onSpinWait();
        }
    }

    /**
     * A loopback port whose listen queue is full: the kernel drops further connection attempts, so a connect
     * hangs until its timeout, as with a firewall that drops packets.
     */
    private static final class Backlogged implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> fillers = new ArrayList<>();

        private Backlogged(ServerSocket server) {
            this.server = server;
        }

        static Backlogged open() throws IOException {
            Backlogged port = new Backlogged(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            for (int i = 0; i < 16; i++) {
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.port()), 200);
                    port.fillers.add(socket);
                } catch (SocketTimeoutException full) {
                    socket.close();
                    return port;
                }
            }
            port.close();
            throw new org.opentest4j.TestAbortedException("this kernel accepts connections beyond the listen backlog");
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : fillers) {
                socket.close();
            }
            server.close();
        }
    }
}
