package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nerava.testing.BlackholePort;
import org.nerava.itest.harness.Fixtures;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;
import org.nerava.testing.otp.FakeTwilio;

/**
 * The Twilio providers in the built distribution, driven through the real Twilio SDK against a fake Twilio API on
 * loopback: the happy paths, then every way Twilio can fail. In each failure the container keeps serving
 * {@code /healthz}, an unrelated feature and signed-in drivers, and sign-in answers its documented problem within
 * the connect and read timeouts.
 */
class TwilioProvidersTest {

    private static final int CONNECT_TIMEOUT_MS = 1000;
    private static final int READ_TIMEOUT_MS = 1500;
    private static final long SLACK_MS = 2500;
    private static final AtomicInteger PHONES = new AtomicInteger(100);

    @AutoClose
    private static FakeTwilio twilio;
    @AutoClose
    private static NeravaServer server;
    private static String signedIn;

    @BeforeAll
    static void boot() {
        twilio = FakeTwilio.likeTwilio();
        Map<String, String> environment = new HashMap<>(twilio.environment());
        environment.put("NERAVA_OTP_PROVIDER", "twilio_verify");
        server = NeravaServer.start(environment);
        server.configure("org.nerava.auth", "sendsPerIpPerHour", "1000", "resendIntervalSeconds", "0");
        server.configure("org.nerava.otp.twilio", "connectTimeoutMs", Integer.toString(CONNECT_TIMEOUT_MS),
                "readTimeoutMs", Integer.toString(READ_TIMEOUT_MS));
        server.installFeature(Fixtures.featuresFile(server), Fixtures.FEATURE);
        server.awaitPost("/v1/itest/echo", "{\"name\":\"up\",\"count\":0}", 200);
        String phone = nextPhone();
        server.awaitPost("/v1/auth/otp/start", startBody(phone), 202);
        signedIn = verify(phone, FakeTwilio.VERIFY_CODE).json().get("access_token").asText();
    }

    @AfterEach
    void backToAHealthyTwilioVerify() {
        twilio.mode(FakeTwilio.Mode.NORMAL);
        server.shell("nerava:otp-use --reset"); // a fleet choice would win over the node's provider
        server.configure("org.nerava.auth", "provider", "twilio_verify", "fallback", null);
        awaitChain("[\"twilio_verify\"]");
    }

    /**
     * Configuration reaches the components asynchronously: wait until readiness reports this provider chain,
     * configured and bound.
     */
    private static void awaitChain(String configuredJson) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            var otp = server.get("/readyz").json().at("/checks/otp");
            if (configuredJson.equals(otp.at("/configured").toString())
                    && configuredJson.equals(otp.at("/bound").toString())) {
                return;
            }
            NeravaServer.sleep(100);
        }
        throw new AssertionError("the OTP provider chain never became " + configuredJson);
    }

    // ---- happy paths ----------------------------------------------------------------------------------------------

    @Test
    void twilioVerifySendsAndChecksTheCodeItOwns() {
        String phone = nextPhone();
        int before = twilio.received("/Verifications").size();
        assertThat(start(phone).status()).isEqualTo(202);
        assertThat(twilio.received("/Verifications")).hasSize(before + 1);
        assertThat(twilio.received("/Verifications").get(before).form()).containsEntry("To", phone)
                .containsEntry("Channel", "sms");

        HttpResult wrong = verify(phone, "000000");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("code").asText()).isEqualTo("invalid_code");
        HttpResult right = verify(phone, FakeTwilio.VERIFY_CODE);
        assertThat(right.status()).as(right.body()).isEqualTo(200);
        assertThat(right.json().at("/user/phone").asText()).isEqualTo(phone);
    }

    @Test
    void twilioSmsDeliversNeravasCodeInTheTemplate() {
        assertThat(server.shell("nerava:otp-use twilio_sms")).contains("Active OTP provider: twilio_sms");
        awaitChain("[\"twilio_sms\"]");
        String phone = nextPhone();
        int before = twilio.received("/Messages.json").size();
        assertThat(start(phone).status()).isEqualTo(202);
        Map<String, String> message = twilio.received("/Messages.json").get(before).form();
        assertThat(message).containsEntry("To", phone).containsEntry("From", FakeTwilio.FROM);
        Matcher code = Pattern.compile("\\b([0-9]{6})\\b").matcher(message.get("Body"));
        assertThat(code.find()).as(message.get("Body")).isTrue();
        assertThat(verify(phone, code.group(1)).status()).isEqualTo(200);
    }

    @Test
    void diagnosisFetchesTheServiceAndAccountWithoutSendingAnything() {
        int sends = twilio.received("/Verifications").size() + twilio.received("/Messages.json").size();
        String check = server.shell("nerava:otp-check twilio_verify");
        assertThat(check).contains("twilio_verify: healthy");
        assertThat(twilio.received("/Verifications").size() + twilio.received("/Messages.json").size())
                .isEqualTo(sends);
        assertThat(check).doesNotContain(FakeTwilio.AUTH_TOKEN);
    }

    // ---- failures -------------------------------------------------------------------------------------------------

    @Test
    void aTwilioThatNeverAnswersIsA504WithinTheReadTimeout() {
        twilio.mode(FakeTwilio.Mode.HANG);
        long before = System.nanoTime();
        HttpResult answer = start(nextPhone());
        long took = (System.nanoTime() - before) / 1_000_000;
        assertThat(answer.status()).as(answer.body()).isEqualTo(504);
        assertThat(answer.json().get("code").asText()).isEqualTo("otp_timeout");
        assertThat(took).isLessThan(READ_TIMEOUT_MS + SLACK_MS);
        assertEverythingElseServes();
    }

    @Test
    void aTwilioThatNeverAcceptsTheConnectionFailsWithinTheConnectTimeout() throws Exception {
        try (BlackholePort blackhole = new BlackholePort()) {
            server.configure("org.nerava.otp.twilio", "apiBaseUrl", blackhole.baseUrl());
            try {
                long before = System.nanoTime();
                HttpResult answer = start(nextPhone());
                long took = (System.nanoTime() - before) / 1_000_000;
                assertThat(answer.status()).as(answer.body()).isIn(503, 504);
                assertThat(answer.json().get("code").asText()).isIn("otp_unavailable", "otp_timeout");
                assertThat(took).isLessThan(CONNECT_TIMEOUT_MS + SLACK_MS);
                assertEverythingElseServes();
            } finally {
                server.configure("org.nerava.otp.twilio", "apiBaseUrl", twilio.baseUrl());
                NeravaServer.sleep(500); // the Twilio client is rebuilt asynchronously
            }
        }
    }

    @Test
    void badCredentialsAre503AndTheCheckSaysWhy() {
        twilio.mode(FakeTwilio.Mode.BAD_CREDENTIALS);
        HttpResult answer = start(nextPhone());
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().get("code").asText()).isEqualTo("otp_unavailable");
        assertThat(server.shell("nerava:otp-check twilio_verify")).contains("UNHEALTHY").contains("20003");
        assertThat(server.log()).doesNotContain(FakeTwilio.AUTH_TOKEN);
        assertEverythingElseServes();
    }

    @Test
    void aServerErrorIsOne503AndNeverARetriedSend() {
        twilio.mode(FakeTwilio.Mode.SERVER_ERROR);
        int before = twilio.received("/Verifications").size();
        HttpResult answer = start(nextPhone());
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().get("code").asText()).isEqualTo("otp_unavailable");
        assertThat(twilio.received("/Verifications")).hasSize(before + 1);
        assertEverythingElseServes();
    }

    @Test
    void twilioRateLimitingIsA429ForTheDriver() {
        twilio.mode(FakeTwilio.Mode.RATE_LIMITED);
        HttpResult answer = start(nextPhone());
        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.json().get("code").asText()).isEqualTo("rate_limited");
        assertThat(answer.header("Retry-After")).isNotNull();
    }

    @Test
    void malformedJsonFromTwilioIsA503() {
        twilio.mode(FakeTwilio.Mode.MALFORMED_JSON);
        HttpResult answer = start(nextPhone());
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().get("code").asText()).isEqualTo("otp_unavailable");
        assertEverythingElseServes();
    }

    @Test
    void verifyDownFailsOverToTwilioSms() {
        server.configure("org.nerava.auth", "fallback", "twilio_sms");
        awaitChain("[\"twilio_verify\",\"twilio_sms\"]");
        twilio.verifyMode(FakeTwilio.Mode.SERVER_ERROR);
        int messages = twilio.received("/Messages.json").size();
        HttpResult answer = start(nextPhone());
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(twilio.received("/Messages.json")).hasSize(messages + 1);
    }

    @Test
    void absentCredentialsLeaveTheProviderInactiveAndItSaysWhy() throws Exception {
        server.configure("org.nerava.otp.twilio", "accountSid", null);
        try {
            HttpResult answer = awaitStart(503);
            assertThat(answer.json().get("code").asText()).isEqualTo("otp_unavailable");
            assertThat(server.shell("nerava:otp-check twilio_verify")).contains("UNHEALTHY").contains("accountSid");
            assertEverythingElseServes();
        } finally {
            server.configure("org.nerava.otp.twilio", "accountSid", FakeTwilio.ACCOUNT_SID);
            NeravaServer.sleep(500);
        }
    }

    @Test
    void theProviderBundleStoppedMidRequestAnswersAtOnce() throws Exception {
        server.configure("org.nerava.otp.twilio", "readTimeoutMs", "30000");
        twilio.mode(FakeTwilio.Mode.HANG);
        try {
            CompletableFuture<HttpResult> inFlight = CompletableFuture.supplyAsync(() -> start(nextPhone()));
            Thread.sleep(1000);
            assertThat(inFlight).isNotDone();
            server.shell("bundle:stop org.nerava.twilio.verify");
            HttpResult answer = inFlight.get(8, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.json().get("code").asText()).isEqualTo("otp_unavailable");
            assertEverythingElseServes();
        } finally {
            server.shell("bundle:start org.nerava.twilio.verify");
            server.configure("org.nerava.otp.twilio", "readTimeoutMs", Integer.toString(READ_TIMEOUT_MS));
            NeravaServer.sleep(500);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** Starts on fresh phones until the answer has the status (a configuration change takes a moment to apply). */
    private static HttpResult awaitStart(int status) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        HttpResult last = null;
        while (System.nanoTime() < deadline) {
            last = start(nextPhone());
            if (last.status() == status) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("otp/start answered " + last + ", expected " + status);
    }

    private static String nextPhone() {
        return "+1415555" + String.format("%04d", 1000 + PHONES.incrementAndGet());
    }

    private static String startBody(String phone) {
        return "{\"phone\":\"" + phone + "\"}";
    }

    private static HttpResult start(String phone) {
        return server.postJson("/v1/auth/otp/start", startBody(phone));
    }

    private static HttpResult verify(String phone, String code) {
        return server.postJson("/v1/auth/otp/verify", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}");
    }

    private static void assertEverythingElseServes() {
        assertThat(server.get("/healthz").status()).isEqualTo(200);
        assertThat(server.postJson("/v1/itest/echo", "{\"name\":\"still\",\"count\":1}").status()).isEqualTo(200);
        assertThat(server.getAuthorized("/v1/account", signedIn).status()).isEqualTo(200);
    }
}
