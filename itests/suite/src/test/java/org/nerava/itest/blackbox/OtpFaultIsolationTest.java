package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.Fixtures;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

/**
 * The promise the product was built on: no OTP provider can take the container down. Each case breaks a provider
 * on purpose and checks that {@code /healthz}, an unrelated feature and signed-in drivers are untouched while OTP
 * answers a clear problem.
 */
class OtpFaultIsolationTest {

    @AutoClose
    private static NeravaServer server;
    private static String signedIn;

    @BeforeAll
    static void boot() {
        server = NeravaServer.start();
        server.configure("org.nerava.auth", "sendsPerIpPerHour", "1000", "resendIntervalSeconds", "0");
        server.installFeature(Fixtures.featuresFile(server), Fixtures.FEATURE);
        server.installFeature(Fixtures.featuresFile(server), Fixtures.PROVIDERS_FEATURE);
        server.awaitPost("/v1/itest/echo", "{\"name\":\"up\",\"count\":0}", 200);
        signedIn = server.signIn("+14155550201");
    }

    @AfterEach
    void backToTheConsoleProvider() {
        server.shell("nerava:otp-use --reset"); // a fleet choice would win over the node's provider
        server.configure("org.nerava.auth", "provider", "console", "providerTimeoutMillis", "10000", "fallback", null);
    }

    @Test
    void aProviderWhoseActivationThrowsNeverBindsAndNothingElseNotices() {
        assertThat(server.log()).contains("itest-broken: credentials rejected while starting");
        assertThat(server.shell("nerava:otp-use itest-broken")).contains("no OTP provider 'itest-broken' is bound");

        server.configure("org.nerava.auth", "provider", "itest-broken");
        HttpResult refused = awaitStartStatus("+14155550202", 503);
        assertThat(refused.json().get("code").asText()).isEqualTo("otp_unavailable");
        assertThat(refused.json().get("detail").asText()).contains("itest-broken");
        assertEverythingElseServes();
        HttpResult ready = server.awaitReady();
        // Nothing else in the chain: no provider can send, and readiness says so plainly (never critical).
        assertThat(ready.json().at("/checks/otp/status").asText()).isEqualTo("down");
        assertThat(ready.json().at("/checks/otp/detail").asText()).contains("itest-broken: failed")
                .contains("NERAVA_OTP_PROVIDER");
        assertThat(ready.status()).isEqualTo(200);
    }

    @Test
    void aProviderThatNeverAnswersIsA504AtTheDeadlineAndHoldsNoHttpThread() throws Exception {
        server.configure("org.nerava.auth", "providerTimeoutMillis", "1500");
        server.shell("nerava:otp-use itest-hanging");
        long before = System.nanoTime();
        HttpResult timedOut = awaitStartStatus("+14155550203", 504);
        long tookMillis = (System.nanoTime() - before) / 1_000_000;
        assertThat(timedOut.json().get("code").asText()).isEqualTo("otp_timeout");
        assertThat(tookMillis).isLessThan(10_000);

        // 60 starts hang at once (more than the HTTP engine's worker threads would allow were they blocked); health answers.
        server.configure("org.nerava.auth", "providerTimeoutMillis", "8000");
        Thread.sleep(500);
        CompletableFuture<?>[] hanging = new CompletableFuture<?>[60];
        for (int i = 0; i < hanging.length; i++) {
            String phone = "+1415555" + (3000 + i);
            hanging[i] = CompletableFuture.supplyAsync(
                    () -> server.postJson("/v1/auth/otp/start", "{\"phone\":\"" + phone + "\"}"));
        }
        Thread.sleep(1000);
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            assertThat(server.get("/healthz").status()).isEqualTo(200);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1_000);
        }
        assertEverythingElseServes();
        CompletableFuture.allOf(hanging).get(60, TimeUnit.SECONDS);
        for (CompletableFuture<?> call : hanging) {
            assertThat(((HttpResult) call.get()).status()).isIn(504, 429);
        }
    }

    @Test
    void noProviderAtAllIsA503AndSignedInDriversAreUnaffected() {
        // Stopping the bundle is the quickest way to take the only provider away; feature:uninstall does the same.
        server.shell("bundle:stop org.nerava.otp.console");
        try {
            HttpResult refused = awaitStartStatus("+14155550204", 503);
            assertThat(refused.json().get("code").asText()).isEqualTo("otp_unavailable");
            assertEverythingElseServes();
            assertThat(server.get("/readyz").json().at("/checks/otp/detail").asText())
                    .contains("no configured OTP provider can send codes (console: missing)");
        } finally {
            server.shell("bundle:start org.nerava.otp.console");
        }
        awaitStartStatus("+14155550205", 202);
    }

    @Test
    void theActiveProviderUninstalledWhileAStartIsInFlightAnswersAtOnce() throws Exception {
        // A deadline far away, so that an answer within 20 s can only come from the unbinding.
        server.configure("org.nerava.auth", "providerTimeoutMillis", "60000");
        server.shell("nerava:otp-use itest-hanging");
        CompletableFuture<HttpResult> inFlight = CompletableFuture.supplyAsync(
                () -> server.postJson("/v1/auth/otp/start", "{\"phone\":\"+14155550206\"}"));
        Thread.sleep(1500);
        assertThat(inFlight).isNotDone();
        long before = System.nanoTime();
        server.uninstallFeature(Fixtures.PROVIDERS_FEATURE);
        try {
            HttpResult answered = inFlight.get(20, TimeUnit.SECONDS);
            assertThat(answered.status()).isEqualTo(503);
            assertThat(answered.json().get("code").asText()).isEqualTo("otp_unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(20));
            assertEverythingElseServes();
        } finally {
            server.installFeature(Fixtures.featuresFile(server), Fixtures.PROVIDERS_FEATURE);
        }
    }

    @Test
    void aProviderThatIsDownFallsBackToTheNextInTheChain() {
        server.configure("org.nerava.auth", "fallback", "console");
        server.shell("nerava:otp-use itest-failing");
        awaitStartStatus("+14155550207", 202);
        assertThat(server.shell("nerava:otp-providers")).contains("itest-failing").contains("UNAVAILABLE");
    }

    private static HttpResult awaitStartStatus(String phone, int status) {
        return server.awaitPost("/v1/auth/otp/start", "{\"phone\":\"" + phone + "\"}", status);
    }

    private static void assertEverythingElseServes() {
        assertThat(server.get("/healthz").status()).isEqualTo(200);
        assertThat(server.postJson("/v1/itest/echo", "{\"name\":\"still\",\"count\":1}").status()).isEqualTo(200);
        assertThat(server.getAuthorized("/v1/account", signedIn).status()).isEqualTo(200);
    }
}
