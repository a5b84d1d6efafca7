package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.Fixtures;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

import com.fasterxml.jackson.databind.JsonNode;

/** The platform's HTTP contract, against the built distribution with the fixture feature installed. */
class PlatformEndpointsTest {

    private static final String APP_ORIGIN = "https://app.nerava.test";
    @AutoClose
    private static NeravaServer server;

    @BeforeAll
    static void boot() {
        server = NeravaServer.start(Map.of("NERAVA_CORS_ORIGINS", APP_ORIGIN));
        server.installFeature(Fixtures.featuresFile(server), Fixtures.FEATURE);
        server.awaitPost("/v1/itest/echo", "{\"name\":\"up\",\"count\":0}", 200);
    }

    @Test
    void healthzIsStaticOk() {
        HttpResult health = server.get("/healthz");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.header("Content-Type")).startsWith("application/json");
        assertThat(health.json().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void readyzReportsTheDatabaseAndTheInstalledFeatures() {
        HttpResult ready = server.awaitReady();

        JsonNode checks = ready.json().get("checks");
        assertThat(ready.json().get("status").asText()).isEqualTo("ready");
        assertThat(checks.get("database").get("status").asText()).isEqualTo("up");
        assertThat(checks.get("database").get("critical").asBoolean()).isTrue();
        assertThat(checks.get("features").get("installed").toString()).contains("nerava-platform");
    }

    @Test
    void everyResponseCarriesARequestIdAndHonoursTheClients() {
        for (String path : new String[] {"/healthz", "/readyz", "/v1/no-such-thing"}) {
            assertThat(server.get(path).header("X-Request-Id")).as(path).matches("[0-9a-f-]{36}");
            HttpResult echoed = server.send("GET", path, null, Map.of("X-Request-Id", "app-42.retry-1"));
            assertThat(echoed.header("X-Request-Id")).as(path).isEqualTo("app-42.retry-1");
            HttpResult replaced = server.send("GET", path, null, Map.of("X-Request-Id", "no spaces allowed"));
            assertThat(replaced.header("X-Request-Id")).as(path).matches("[0-9a-f-]{36}");
        }
    }

    @Test
    void unknownPathIsA404Problem() {
        HttpResult missing = server.get("/v1/no-such-thing");

        assertProblem(missing, 404, "not_found");
    }

    @Test
    void wrongMethodIsA405ProblemWithAllow() {
        HttpResult wrong = server.send("DELETE", "/readyz", null, Map.of());

        assertProblem(wrong, 405, "method_not_allowed");
        assertThat(wrong.header("Allow")).contains("GET");
    }

    @Test
    void unsupportedMediaTypeIsA415Problem() {
        HttpResult wrong = server.send("POST", "/v1/itest/echo", "name=x", Map.of("Content-Type", "text/plain"));

        assertProblem(wrong, 415, "unsupported_media_type");
    }

    @Test
    void oversizedBodyIsA413Problem() {
        String big = "{\"name\":\"" + "x".repeat(70_000) + "\",\"count\":1}";

        assertProblem(server.postJson("/v1/itest/echo", big), 413, "payload_too_large");
    }

    @Test
    void malformedJsonIsA400Problem() {
        HttpResult bad = server.postJson("/v1/itest/echo", "{\"name\": \"x\",");

        assertProblem(bad, 400, "malformed_json");
    }

    @Test
    void missingFieldIsA400ProblemNamingIt() {
        HttpResult bad = server.postJson("/v1/itest/echo", "{\"count\": 3}");

        assertProblem(bad, 400, "missing_field");
        assertThat(bad.json().get("detail").asText()).contains("name");
    }

    @Test
    void wrongTypeIsA400ProblemNamingTheField() {
        HttpResult bad = server.postJson("/v1/itest/echo", "{\"name\": \"x\", \"count\": \"three\"}");

        assertProblem(bad, 400, "invalid_field");
        assertThat(bad.json().get("detail").asText()).contains("count");
    }

    @Test
    void emptyBodyIsA400Problem() {
        assertProblem(server.postJson("/v1/itest/echo", ""), 400, "missing_body");
    }

    @Test
    void validBodyRoundTripsInSnakeCase() {
        HttpResult ok = server.postJson("/v1/itest/echo", "{\"name\": \"Ada\", \"count\": 2, \"extra\": true}");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("name").asText()).isEqualTo("Ada");
        assertThat(ok.json().get("count").asInt()).isEqualTo(2);
    }

    @Test
    void unexpectedFailureIsA500ProblemWithRequestIdAndNoInternals() {
        HttpResult boom = server.get("/v1/itest/boom");

        assertProblem(boom, 500, "internal_error");
        assertThat(boom.body()).doesNotContain("secret internal detail", "IllegalStateException", "at org.");
        assertThat(boom.json().get("request_id").asText()).isEqualTo(boom.header("X-Request-Id"));
        assertThat(server.log()).contains("secret internal detail");
    }

    @Test
    void aDriverEndpointAnswers401ToAForgedTokenAnd503AuthUnavailableWhileNoAuthenticatorRuns() {
        assertProblem(server.send("GET", "/v1/itest/me", null, Map.of("Authorization", "Bearer abc")), 401,
                "invalid_token");
        String token = server.signIn("+14155550401");
        assertThat(server.getAuthorized("/v1/itest/me", token).status()).isEqualTo(200);

        server.shell("bundle:stop org.nerava.auth");
        try {
            assertProblem(server.getAuthorized("/v1/itest/me", token), 503, "auth_unavailable");
            assertThat(server.get("/healthz").status()).isEqualTo(200);
        } finally {
            server.shell("bundle:start org.nerava.auth");
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (server.getAuthorized("/v1/itest/me", token).status() != 200 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(server.getAuthorized("/v1/itest/me", token).status()).isEqualTo(200);
    }

    @Test
    void corsPreflightFromAnAllowedOriginIsAnswered() {
        HttpResult preflight = server.send("OPTIONS", "/v1/itest/echo", null, Map.of("Origin", APP_ORIGIN,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"));

        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(APP_ORIGIN);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(server.send("GET", "/readyz", null, Map.of("Origin", APP_ORIGIN))
                .header("Access-Control-Allow-Origin")).isEqualTo(APP_ORIGIN);
    }

    @Test
    void corsHeadersAreWithheldFromOtherOrigins() {
        HttpResult other = server.send("GET", "/readyz", null, Map.of("Origin", "https://evil.test"));

        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void accessLogHasALinePerRequestWithItsIdInItsOwnFile() {
        HttpResult ready = server.send("GET", "/readyz", null, Map.of("X-Request-Id", "access-log-probe"));
        assertThat(ready.status()).isEqualTo(200);

        long deadline = System.currentTimeMillis() + 5_000;
        while (!server.accessLog().contains("rid=access-log-probe") && System.currentTimeMillis() < deadline) {
            NeravaServer.sleep(20);
        }
        assertThat(server.accessLog()).containsPattern("GET /readyz 200 [0-9.]+ms rid=access-log-probe");
        assertThat(server.log()).as("request lines stay out of karaf.log").doesNotContain("rid=access-log-probe");
    }

    static void assertProblem(HttpResult result, int status, String code) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        assertThat(result.header("Content-Type")).startsWith("application/problem+json");
        JsonNode body = result.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("type").asText()).isEqualTo("urn:nerava:problem:" + code);
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(body.get("request_id").asText()).isEqualTo(result.header("X-Request-Id"));
    }
}
