package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;
import org.nerava.itest.harness.Ports;
import org.nerava.testing.otp.FakeTwilio;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 22, replayed on the built distribution: a failing check never closes a circuit, {@code /readyz} says what is
 * really wrong, and a bad value in a configuration file neither stops sign-in nor needs a restart once fixed.
 */
class TruthfulReadinessTest {

    @Test
    void aFailingCheckKeepsTheCircuitOpenAndOnlyARecoveryClosesIt() throws Exception {
        try (FakeTwilio twilio = FakeTwilio.likeTwilio()) {
            Map<String, String> environment = new HashMap<>(twilio.environment());
            environment.put("NERAVA_TWILIO_API_BASE_URL", "http://127.0.0.1:" + Ports.free());
            environment.put("NERAVA_OTP_PROVIDER", "twilio_verify");
            try (NeravaServer server = NeravaServer.start(environment)) {
                server.awaitReady();
                server.configure("org.nerava.auth", "breakerFailureThreshold", "2", "breakerOpenSeconds", "2");
                Thread.sleep(500); // configuration reaches the components asynchronously
                for (int i = 0; i < 2; i++) {
                    HttpResult refused = server.postJson("/v1/auth/otp/start", "{\"phone\":\"+1415555060" + i + "\"}");
                    assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                }
                JsonNode otp = otpCheck(server);
                assertThat(otp.get("status").asText()).isEqualTo("down");
                assertThat(otp.get("detail").asText()).contains("'twilio_verify' is failing (circuit open")
                        .contains("no fallback is configured").doesNotContain("go to the fallback");
                assertThat(server.log()).contains("OTP provider 'twilio_verify' circuit open: 2 consecutive faults");

                Thread.sleep(2_500); // the open period passes: the next call is the probe
                String check = server.shell("nerava:otp-check twilio_verify");
                assertThat(check).contains("twilio_verify");
                otp = otpCheck(server);
                assertThat(otp.get("status").asText()).as("the failed probe keeps it open").isEqualTo("down");
                assertThat(otp.get("detail").asText()).contains("circuit open");
                assertThat(server.get("/metrics").body())
                        .contains("nerava_otp_provider_circuit{provider=\"twilio_verify\"} 2.0")
                        .contains("operation=\"diagnose\",outcome=\"unavailable\"");
                assertThat(server.log()).contains("circuit open: the probe failed: diagnose: UNAVAILABLE");

                server.configure("org.nerava.otp.twilio", "apiBaseUrl", twilio.baseUrl());
                Thread.sleep(2_500);
                awaitUntil(() -> {
                    server.shell("nerava:otp-check twilio_verify");
                    return otpCheck(server);
                }, now -> now.get("status").asText().equals("up"), Duration.ofSeconds(20));
                assertThat(server.log()).contains("OTP provider 'twilio_verify' circuit closed: the probe succeeded");
                HttpResult sent = server.postJson("/v1/auth/otp/start", "{\"phone\":\"+14155550609\"}");
                assertThat(sent.status()).as(sent.body()).isEqualTo(202);
            }
        }
    }

    @Test
    void aBadValueKeepsSignInOnTheLastGoodValuesLiveAndAtBootAndTheFixedFileAppliesWithoutARestart()
            throws Exception {
        try (NeravaServer server = NeravaServer.start()) {
            server.awaitReady();
            server.configure("org.nerava.auth", "codeLength", "8");
            awaitUntil(() -> server.sendCode("+14155550701"), code -> code.length() == 8, Duration.ofSeconds(10));

            server.configure("org.nerava.auth", "codeLength", "six");
            JsonNode configuration = awaitUntil(() -> server.get("/readyz").json().at("/checks/configuration"),
                    now -> now.path("status").asText().equals("degraded"), Duration.ofSeconds(10));
            assertThat(configuration.get("detail").asText())
                    .contains("org.nerava.auth: codeLength = 'six' refused: a whole number from 4 to 10")
                    .contains("the last good values");
            assertThat(server.sendCode("+14155550702")).as("the last good values serve").hasSize(8);
            assertThat(server.log()).contains("org.nerava.auth: codeLength = 'six' refused");

            server.restart();
            server.awaitReady();
            // Ready may come a moment before every feature's components are in (a quiet 1.5 s ends the boot).
            JsonNode ready = awaitUntil(() -> server.get("/readyz").json(),
                    now -> now.at("/checks/configuration/detail").asText().contains("codeLength = 'six'"),
                    Duration.ofSeconds(20));
            assertThat(ready.at("/checks/configuration/detail").asText()).contains("the defaults of the refused keys");
            assertThat(ready.at("/checks/components/status").asText()).as(ready.toString()).isEqualTo("up");
            assertThat(server.sendCode("+14155550703")).as("never a 404: the defaults of the refused key").hasSize(6);

            long fixed = System.nanoTime();
            server.configure("org.nerava.auth", "codeLength", "7");
            awaitUntil(() -> server.get("/readyz").json().at("/checks/configuration/status").asText(), "up"::equals,
                    Duration.ofSeconds(10));
            System.out.println("fixed file reported applied in " + (System.nanoTime() - fixed) / 1_000_000
                    + " ms (config:edit in the shell included)");
            int[] phone = {710};
            awaitUntil(() -> server.sendCode("+14155550" + phone[0]++), code -> code.length() == 7,
                    Duration.ofSeconds(20));
            System.out.println("fixed file serving in " + (System.nanoTime() - fixed) / 1_000_000 + " ms");
            assertThat(server.log()).contains("org.nerava.auth: configuration applied; the values refused before are"
                    + " no longer in it");
            assertThat(server.get("/metrics").body()).contains("nerava_database_up 1.0")
                    .contains("nerava_component_up{bundle=\"org.nerava.auth\",component=\"org.nerava.auth.internal"
                            + ".settings.CurrentAuthSettings\"} 1.0");
        }
    }

    /**
     * The same for PIDs without sign-in, as an operator edits them: a bad value written into {@code etc/} of
     * {@code org.nerava.deployments}, {@code org.nerava.metrics}, {@code org.nerava.rest} and
     * {@code org.nerava.platform} is refused by name while every feature keeps serving (the REST runtime, whose
     * activation a bad file at boot used to fail, serves them all) and the body limit keeps holding, live and after a
     * restart, and the fixed files apply without one.
     */
    @Test
    void badValuesInTheDeploymentsMetricsRestAndPlatformFilesAreRefusedByNameWhileAllKeepServingUntilFixed()
            throws Exception {
        try (NeravaServer server = NeravaServer.start()) {
            server.awaitReady();
            writeInEtc(server, "org.nerava.deployments", "pollIntervalSeconds", "often");
            writeInEtc(server, "org.nerava.metrics", "allowedNetworks", "everyone");
            writeInEtc(server, "org.nerava.rest", "drainTimeoutSeconds", "thirty");
            writeInEtc(server, "org.nerava.platform", "maxBodyBytes", "64k");
            JsonNode configuration = awaitUntil(() -> server.get("/readyz").json().at("/checks/configuration"),
                    now -> BAD_FILES.stream().allMatch(now.path("detail").asText()::contains), Duration.ofSeconds(20));
            assertThat(configuration.get("status").asText()).isEqualTo("degraded");
            assertThat(configuration.get("detail").asText())
                    .contains("org.nerava.deployments: pollIntervalSeconds = 'often' refused: a whole number from 1"
                            + " to 3600")
                    .contains("org.nerava.metrics: allowedNetworks = 'everyone' refused: CIDR blocks")
                    .contains("org.nerava.rest: drainTimeoutSeconds = 'thirty' refused: a whole number of at least 0")
                    .contains("org.nerava.platform: maxBodyBytes = '64k' refused: a whole number of at least 1024")
                    .contains("the last good values");
            assertFeaturesServe(server);
            assertThat(server.log()).contains("org.nerava.deployments: pollIntervalSeconds = 'often' refused");

            server.restart();
            server.awaitReady();
            JsonNode atBoot = awaitUntil(() -> server.get("/readyz").json(),
                    now -> BAD_FILES.stream().allMatch(now.at("/checks/configuration/detail").asText()::contains),
                    Duration.ofSeconds(20));
            assertThat(atBoot.at("/checks/configuration/detail").asText())
                    .contains("the defaults of the refused keys");
            assertThat(atBoot.at("/checks/components/status").asText()).as(atBoot.toString()).isEqualTo("up");
            assertFeaturesServe(server);

            writeInEtc(server, "org.nerava.deployments", "pollIntervalSeconds", "5");
            writeInEtc(server, "org.nerava.metrics", "allowedNetworks", "127.0.0.1/32,::1/128");
            writeInEtc(server, "org.nerava.rest", "drainTimeoutSeconds", "30");
            writeInEtc(server, "org.nerava.platform", "maxBodyBytes", "65536");
            awaitUntil(() -> server.get("/readyz").json().at("/checks/configuration/status").asText(), "up"::equals,
                    Duration.ofSeconds(20));
            assertThat(server.log()).contains("org.nerava.metrics: configuration applied; the values refused before"
                    + " are no longer in it");
            String audit = server.shell("nerava:audit --action config.refused -n 50");
            assertThat(audit).contains("config.refused").contains("org.nerava.deployments")
                    .contains("org.nerava.metrics").contains("org.nerava.rest").contains("org.nerava.platform");
            assertFeaturesServe(server);
        }
    }

    /**
     * The Twilio account's file, as an operator edits it: {@code threads = abc} used to fail the account's activation
     * at boot, and both Twilio providers vanished from the chain. Now it is refused by name, sign-in keeps sending
     * through {@code twilio_verify} live and after a restart, and the fixed file applies without one.
     */
    @Test
    void aBadValueInTheTwilioFileKeepsTwilioSigningInLiveAndAtBootUntilFixed() throws Exception {
        try (FakeTwilio twilio = FakeTwilio.likeTwilio()) {
            Map<String, String> environment = new HashMap<>(twilio.environment());
            environment.put("NERAVA_OTP_PROVIDER", "twilio_verify");
            try (NeravaServer server = NeravaServer.start(environment)) {
                server.awaitReady();
                assertSends(server, "+14155550720");

                writeInEtc(server, "org.nerava.otp.twilio", "threads", "abc");
                JsonNode configuration = awaitUntil(() -> server.get("/readyz").json().at("/checks/configuration"),
                        now -> now.path("detail").asText().contains("org.nerava.otp.twilio"), Duration.ofSeconds(20));
                assertThat(configuration.get("status").asText()).isEqualTo("degraded");
                assertThat(configuration.get("detail").asText())
                        .contains("org.nerava.otp.twilio: threads = 'abc' refused: a whole number from 1 to 64")
                        .contains("the last good values");
                assertSends(server, "+14155550721");
                assertThat(server.log()).contains("org.nerava.otp.twilio: threads = 'abc' refused")
                        .contains("the Twilio providers keep the last good values");

                server.restart();
                server.awaitReady();
                JsonNode atBoot = awaitUntil(() -> server.get("/readyz").json(),
                        now -> now.at("/checks/configuration/detail").asText().contains("threads = 'abc'"),
                        Duration.ofSeconds(20));
                assertThat(atBoot.at("/checks/configuration/detail").asText())
                        .contains("the defaults of the refused keys");
                assertThat(atBoot.at("/checks/components/status").asText()).as(atBoot.toString()).isEqualTo("up");
                assertSends(server, "+14155550722");

                writeInEtc(server, "org.nerava.otp.twilio", "threads", "8");
                awaitUntil(() -> server.get("/readyz").json().at("/checks/configuration/status").asText(),
                        "up"::equals, Duration.ofSeconds(20));
                assertThat(server.log()).contains("org.nerava.otp.twilio: configuration applied; the values refused"
                        + " before are no longer in it").doesNotContain(FakeTwilio.AUTH_TOKEN);
                assertThat(server.shell("nerava:audit --action config.refused -n 50"))
                        .contains("org.nerava.otp.twilio");
                assertSends(server, "+14155550723");

                // An update through the ConfigurationAdmin API with the resolved values (what a tool reading
                // getProcessedProperties writes back) used to be saved into etc/ by fileinstall: the token in clear,
                // every $[env:...] reference gone. etc/ is left as it was now; the update lasts until a restart.
                String update = server.shell("ref = ($.context getServiceReference"
                        + " \"org.osgi.service.cm.ConfigurationAdmin\") ; cm = ($.context getService $ref) ;"
                        + " cfg = ($cm getConfiguration \"org.nerava.otp.twilio\" \"?\") ;"
                        + " props = ($cfg getProcessedProperties $ref) ; $props put \"threads\" \"6\" ;"
                        + " $cfg update $props ; echo updated-through-the-api");
                assertThat(update).contains("updated-through-the-api");
                Thread.sleep(3_000); // fileinstall would have written within its 1 s poll
                String file = Files.readString(server.home().resolve("etc/org.nerava.otp.twilio.cfg"));
                assertThat(file).doesNotContain(FakeTwilio.AUTH_TOKEN)
                        .contains("authToken = $[env:TWILIO_AUTH_TOKEN;default=]")
                        .contains("accountSid = $[env:TWILIO_ACCOUNT_SID;default=]").contains("threads = 8");
            }
        }
    }

    /** The PIDs the test above spoils, as /readyz names them. */
    private static final List<String> BAD_FILES = List.of("org.nerava.deployments", "org.nerava.metrics",
            "org.nerava.rest", "org.nerava.platform");

    private static void assertSends(NeravaServer server, String phone) {
        HttpResult sent = server.postJson("/v1/auth/otp/start", "{\"phone\":\"" + phone + "\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
    }

    /**
     * {@code /metrics} answers the loopback scraper; the deployment service answers the shell; the REST runtime serves
     * the driver API; a body over the default 64 KiB is refused.
     */
    private static void assertFeaturesServe(NeravaServer server) {
        HttpResult metrics = server.get("/metrics");
        assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
        assertThat(server.shell("nerava:deployments")).doesNotContain("Command not found");
        HttpResult merchant = server.get("/v1/merchants/m_tidewater_coffee");
        assertThat(merchant.status()).as(merchant.body()).isEqualTo(200);
        HttpResult tooLarge = server.postJson("/v1/auth/otp/start", "{\"phone\":\"" + "1".repeat(70_000) + "\"}");
        assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
    }

    /** Sets one key in {@code etc/<pid>.cfg} as an operator's editor would: the other lines as they are. */
    private static void writeInEtc(NeravaServer server, String pid, String key, String value) throws IOException {
        Path file = server.home().resolve("etc/" + pid + ".cfg");
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String line = key + " = " + value;
        lines.replaceAll(old -> old.startsWith(key + " ") || old.startsWith(key + "=") ? line : old);
        if (lines.stream().noneMatch(line::equals)) {
            lines.add(line);
        }
        Files.write(file, lines);
    }

    private static JsonNode otpCheck(NeravaServer server) {
        return server.get("/readyz").json().at("/checks/otp");
    }

    private interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T awaitUntil(Probe<T> probe, Predicate<T> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (AssertionError notYet) {
                // e.g. no code line yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not reached within " + timeout + "; last: " + last);
    }
}
