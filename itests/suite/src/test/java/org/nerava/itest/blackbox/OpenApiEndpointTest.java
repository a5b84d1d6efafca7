package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nerava.itest.blackbox.MetricsEndpointTest.awaitAnswer;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * {@code GET /openapi.json} of the built distribution: a valid OpenAPI 3 document of every installed feature's
 * endpoints, which follows features being uninstalled and installed.
 */
class OpenApiEndpointTest {

    private static final String FAVORITE = "/v1/merchants/{merchantId}/favorite";
    @AutoClose
    private static NeravaServer server;

    @BeforeAll
    static void boot() {
        server = NeravaServer.startReady();
    }

    @Test
    void theServedDocumentIsValidOpenApiCoveringEveryBootedFeature() {
        HttpResult answer = awaitAnswer(() -> server.get("/openapi.json"),
                r -> r.status() == 200 && r.body().contains(FAVORITE), "document with every feature");
        assertThat(answer.header("Content-Type")).startsWith("application/json");

        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(answer.body(), null, options);
        assertThat(parsed.getMessages()).as("validation messages").isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).containsKeys(
                "/readyz", "/openapi.json",
                "/v1/auth/otp/start", "/v1/auth/otp/verify", "/v1/auth/logout", "/v1/account",
                "/v1/merchants", "/v1/merchants/{id}", "/v1/merchants/favorites", FAVORITE,
                "/v1/exclusive/activate", "/v1/exclusive/active", "/v1/exclusive/{id}/complete",
                "/v1/admin/internal/demo/simulate-verified-visit",
                "/v1/admin/deployments/trigger", "/v1/admin/deployments", "/v1/admin/otp/providers",
                "/v1/admin/otp/provider", "/v1/admin/audit");

        JsonNode doc = answer.json();
        assertThat(doc.at("/paths/~1v1~1account/get/security/0").has("driver_bearer")).isTrue();
        assertThat(doc.at("/paths/~1v1~1admin~1audit/get/security/0").has("admin_basic")).isTrue();
        assertThat(doc.at("/paths/~1v1~1admin~1internal~1demo~1simulate-verified-visit/post/security/0")
                .has("internal_secret")).isTrue();
        assertThat(doc.at("/paths/~1v1~1auth~1otp~1start/post/security").isMissingNode()).isTrue();
        assertThat(doc.at("/paths/~1v1~1auth~1otp~1verify/post/requestBody/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/VerifyRequest");
        assertThat(doc.at("/components/schemas/VerifyRequest/properties").has("phone")).isTrue();
        assertThat(doc.at("/paths/~1v1~1merchants~1{merchantId}~1favorite/post/tags/0").asText())
                .isEqualTo("org.nerava.favorites");
    }

    @Test
    void anUninstalledFeatureLeavesTheDocumentAndComesBackWithItsFeature() {
        awaitAnswer(() -> server.get("/openapi.json"), r -> r.body().contains(FAVORITE), "favorites documented");

        server.shell("feature:uninstall -r nerava-favorites");
        HttpResult without = awaitAnswer(() -> server.get("/openapi.json"),
                r -> r.status() == 200 && !r.body().contains(FAVORITE), "favorites gone from the document");
        assertThat(without.json().at("/paths").has("/v1/merchants/favorites")).isFalse();
        assertThat(without.json().at("/paths").has("/v1/merchants/{id}")).as("exclusives stays").isTrue();

        server.shell("feature:install -r nerava-favorites");
        HttpResult with = awaitAnswer(() -> server.get("/openapi.json"), r -> r.body().contains(FAVORITE),
                "favorites back in the document");
        assertThat(with.json().at("/paths").has("/v1/merchants/favorites")).isTrue();
    }
}
