package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Phone sign-in against the built distribution, as README command 1 runs it (profile=dev, console provider): the
 * driver reads the code where a developer would, in {@code data/log/karaf.log}.
 */
class SignInTest {

    @AutoClose
    private static NeravaServer server;

    @BeforeAll
    static void boot() {
        server = NeravaServer.start();
        // Every request here comes from 127.0.0.1: lift the per-address limit for this class.
        server.configure("org.nerava.auth", "sendsPerIpPerHour", "1000");
    }

    @Test
    void startReadTheCodeVerifyAccountLogoutAndTheTokenIsRefused() {
        String code = server.sendCode("+14155550101");
        assertThat(code).matches("[0-9]{6}");

        HttpResult verified = server.postJson("/v1/auth/otp/verify",
                "{\"phone\":\"(415) 555-0101\",\"code\":\"" + code + "\"}");
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        JsonNode body = verified.json();
        assertThat(body.get("token_type").asText()).isEqualTo("bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(2_592_000);
        assertThat(body.at("/user/auth_provider").asText()).isEqualTo("phone");
        assertThat(body.at("/user/phone").asText()).isEqualTo("+14155550101");
        assertThat(verified.header("Cache-Control")).isEqualTo("no-store");
        String token = body.get("access_token").asText();

        HttpResult account = server.getAuthorized("/v1/account", token);
        assertThat(account.status()).as(account.body()).isEqualTo(200);
        assertThat(account.json().get("public_id").asText()).isEqualTo(body.at("/user/public_id").asText());
        assertThat(account.json().get("auth_provider").asText()).isEqualTo("phone");
        assertThat(account.json().get("phone_masked").asText()).isEqualTo("***-***-0101");
        // The favorites feature boots with the distribution and adds its count; a new driver has none.
        assertThat(account.json().get("favorites_count").asLong()).isZero();

        HttpResult logout = server.send("POST", "/v1/auth/logout", null, Map.of("Authorization",
                "Bearer " + token));
        assertThat(logout.status()).isEqualTo(204);
        HttpResult refused = server.getAuthorized("/v1/account", token);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("code").asText()).isEqualTo("invalid_token");
    }

    @Test
    void startAnswers202WithLifetimeAndResendDelayThenRefusesAnEarlyResendWithRetryAfter() {
        HttpResult started = server.postJson("/v1/auth/otp/start", "{\"phone\":\"+14155550102\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().get("status").asText()).isEqualTo("sent");
        assertThat(started.json().get("expires_in").asLong()).isEqualTo(300);
        assertThat(started.json().get("resend_after").asLong()).isEqualTo(30);

        HttpResult again = server.postJson("/v1/auth/otp/start", "{\"phone\":\"+1 415 555 0102\"}");
        assertThat(again.status()).isEqualTo(429);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(again.json().get("code").asText()).isEqualTo("rate_limited");
        assertThat(Integer.parseInt(again.header("Retry-After"))).isBetween(1, 30);
    }

    @Test
    void wrongCodesCountDownAndTheFifthLocks() {
        String code = server.sendCode("+14155550103");
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 4; i++) {
            HttpResult refused = server.postJson("/v1/auth/otp/verify",
                    "{\"phone\":\"+14155550103\",\"code\":\"" + wrong + "\"}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("code").asText()).isEqualTo("invalid_code");
        }
        HttpResult fifth = server.postJson("/v1/auth/otp/verify",
                "{\"phone\":\"+14155550103\",\"code\":\"" + wrong + "\"}");
        assertThat(fifth.status()).isEqualTo(429);
        assertThat(fifth.json().get("code").asText()).isEqualTo("too_many_attempts");
        assertThat(fifth.header("Retry-After")).isNotNull();
        HttpResult rightButLocked = server.postJson("/v1/auth/otp/verify",
                "{\"phone\":\"+14155550103\",\"code\":\"" + code + "\"}");
        assertThat(rightButLocked.status()).isEqualTo(429);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "\"1234567890123456789012345678901234567890\"", "\"\"", "\"+١٤١٥٥٥٥٠١٠٤\"",
            "\"1-800-FLOWERS\"", "12345", "null", "[\"+14155550104\"]"})
    void garbagePhonesAre400ProblemsAndNeverReachAProvider(String phone) {
        String before = server.log();
        HttpResult refused = server.postJson("/v1/auth/otp/start", "{\"phone\":" + phone + "}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asText()).isIn("invalid_phone", "missing_field", "invalid_field");
        assertThat(server.log().substring(before.length())).doesNotContain("console OTP");
    }

    @Test
    void malformedVerifyBodiesAreClearProblems() {
        assertThat(server.postJson("/v1/auth/otp/verify", "{\"phone\":\"+14155550105\"}").json().get("code")
                .asText()).isEqualTo("missing_field");
        assertThat(server.postJson("/v1/auth/otp/verify", "{\"phone\":").json().get("code").asText())
                .isEqualTo("malformed_json");
        HttpResult letters = server.postJson("/v1/auth/otp/verify", "{\"phone\":\"+14155550105\",\"code\":\"abcdef\"}");
        assertThat(letters.status()).isEqualTo(400);
        assertThat(letters.json().get("code").asText()).isEqualTo("invalid_code");
    }

    @Test
    void accountAndLogoutNeedABearerToken() {
        assertThat(server.get("/v1/account").status()).isEqualTo(401);
        assertThat(server.getAuthorized("/v1/account", "nrv_forged").status()).isEqualTo(401);
        assertThat(server.postJson("/v1/auth/logout", "").status()).isEqualTo(401);
    }

    @Test
    void theShellListsProvidersAndSwitchesOnlyToABoundOne() {
        String listing = server.shell("nerava:otp-providers");
        assertThat(listing).contains("console").contains("bound").contains("delivery");
        String refused = server.shell("nerava:otp-use no-such-provider");
        assertThat(refused).contains("no OTP provider 'no-such-provider' is bound");
        String used = server.shell("nerava:otp-use console");
        assertThat(used).contains("Active OTP provider: console");
        assertThat(server.shell("nerava:audit --action otp.provider.use")).contains("console").contains("SUCCESS")
                .contains("FAILURE");
        assertThat(server.shell("nerava:otp-providers --diagnose")).contains("healthy").contains("closed");
        assertThat(server.shell("nerava:otp-check console")).contains("console: healthy")
                .contains("codes_written");
        assertThat(server.shell("nerava:otp-check nope")).contains("no OTP provider 'nope' is bound");
    }

    @Test
    void readinessReportsTheActiveProvider() {
        HttpResult ready = server.awaitReady();
        assertThat(ready.json().at("/checks/otp/status").asText()).isEqualTo("up");
        assertThat(ready.json().at("/checks/otp/detail").asText()).contains("console");
    }

    @Test
    void codesNeverAppearOutsideTheConsoleProvidersLine() {
        String token = server.signIn("+14155550106");
        assertThat(token).startsWith("nrv_");
        String log = server.log();
        assertThat(log).doesNotContain(token);
        log.lines().filter(line -> line.contains("otp/verify") || line.contains("otp/start"))
                .forEach(line -> assertThat(line).doesNotContainPattern("code [0-9]{6}"));
    }
}
