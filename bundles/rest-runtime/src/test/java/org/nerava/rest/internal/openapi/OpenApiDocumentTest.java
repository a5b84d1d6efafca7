package org.nerava.rest.internal.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.container.Suspended;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.junit.jupiter.api.Test;
import org.nerava.platform.auth.DriverAuthenticated;
import org.nerava.rest.internal.json.JsonMapping;
import org.nerava.platform.openapi.ApiDoc;
import org.nerava.platform.openapi.ApiSecurity;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

class OpenApiDocumentTest {

    enum Kind { VISIT, BONUS }

    public record StartRequest(String phone) {
    }

    public record Reward(String rewardId, Kind kind, Instant createdAt, List<String> notes, Map<String, Integer> counts) {
    }

    @Path("/v1/things")
    @ApiDoc(summary = "Things")
    public static class ThingResource {
        @POST
        @Path("/start")
        @Consumes(MediaType.APPLICATION_JSON)
        @ApiDoc(summary = "Starts a thing", status = 202, response = Reward.class)
        public void start(StartRequest request, @HeaderParam("Idempotency-Key") String key,
                @Suspended AsyncResponse response) {
        }

        @GET
        @Path("/{id: [a-z0-9-]+}")
        @Produces(MediaType.APPLICATION_JSON)
        public Reward one(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("20") int limit) {
            return null;
        }

        @GET
        @DriverAuthenticated
        public CompletionStage<List<Reward>> mine(@Context SecurityContext security) {
            return null;
        }

        @DELETE
        @Path("/{id}")
        @DriverAuthenticated
        public void remove(@PathParam("id") String id, @HeaderParam("Authorization") String authorization) {
        }

        public void notAnOperation() {
        }
    }

    @ApiSecurity(ApiSecurity.Scheme.ADMIN_BASIC)
    @Retention(RetentionPolicy.RUNTIME)
    @interface AdminOnly {
    }

    @Path("v1/admin/things/")
    @AdminOnly
    public static class AdminThingResource {
        @GET
        public Map<String, Object> list() {
            return null;
        }
    }

    private final Map<String, Object> document = OpenApiDocument.build(
            List.of(ThingResource.class, AdminThingResource.class), c -> "org.nerava." + c.getSimpleName(), "1.2.3");
    private final JsonNode json = JsonMapping.MAPPER.valueToTree(document);

    @Test
    void theDocumentIsValidOpenApi3() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(
                JsonMapping.MAPPER.writeValueAsString(document), null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getPaths()).containsKeys("/v1/things/start", "/v1/things/{id}",
                "/v1/things", "/v1/admin/things");
    }

    @Test
    void pathsAreTemplatesWithoutRegexesAndEveryHttpMethodIsAnOperation() {
        assertThat(json.at("/paths").fieldNames()).toIterable()
                .containsExactly("/v1/admin/things", "/v1/things", "/v1/things/start", "/v1/things/{id}");
        assertThat(json.at("/paths/~1v1~1things~1{id}").fieldNames()).toIterable().containsExactly("delete", "get");
        assertThat(json.at("/paths/~1v1~1things~1{id}/get/operationId").asText()).isEqualTo("ThingResource_one");
        assertThat(json.at("/paths/~1v1~1things~1{id}/get/tags/0").asText()).isEqualTo("org.nerava.ThingResource");
    }

    @Test
    void parametersComeFromTheirAnnotationsAndAuthorizationIsLeftToSecurity() {
        JsonNode get = json.at("/paths/~1v1~1things~1{id}/get/parameters");
        assertThat(get.get(0).get("name").asText()).isEqualTo("id");
        assertThat(get.get(0).get("in").asText()).isEqualTo("path");
        assertThat(get.get(0).get("required").asBoolean()).isTrue();
        assertThat(get.get(1).get("name").asText()).isEqualTo("limit");
        assertThat(get.get(1).at("/schema/type").asText()).isEqualTo("integer");
        assertThat(get.get(1).at("/schema/default").asText()).isEqualTo("20");
        JsonNode delete = json.at("/paths/~1v1~1things~1{id}/delete/parameters");
        assertThat(delete).hasSize(1);
        assertThat(json.at("/paths/~1v1~1things~1{id}/delete/requestBody").isMissingNode()).isTrue();
        JsonNode start = json.at("/paths/~1v1~1things~1start/post/parameters");
        assertThat(start.get(0).get("in").asText()).isEqualTo("header");
    }

    @Test
    void bodiesAndResultsAreSchemasInTheWireNamingOfTheJsonMapper() {
        assertThat(json.at("/paths/~1v1~1things~1start/post/requestBody/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/StartRequest");
        assertThat(json.at("/paths/~1v1~1things~1start/post/responses/202/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/Reward");
        JsonNode reward = json.at("/components/schemas/Reward/properties");
        assertThat(reward.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("reward_id", "kind", "created_at", "notes", "counts");
        assertThat(reward.at("/kind/enum").toString()).isEqualTo("[\"VISIT\",\"BONUS\"]");
        assertThat(reward.at("/created_at/format").asText()).isEqualTo("date-time");
        assertThat(reward.at("/notes/items/type").asText()).isEqualTo("string");
        assertThat(reward.at("/counts/additionalProperties/type").asText()).isEqualTo("integer");
        assertThat(json.at("/paths/~1v1~1things/get/responses/200/content/application~1json/schema/items/$ref")
                .asText()).isEqualTo("#/components/schemas/Reward");
        assertThat(json.at("/paths/~1v1~1things~1{id}/delete/responses/204/description").asText())
                .isEqualTo("Done, no body");
    }

    @Test
    void securityComesFromApiSecurityAlsoOnNameBindingAnnotationsWithTheirProblemResponses() {
        JsonNode mine = json.at("/paths/~1v1~1things/get");
        assertThat(mine.at("/security/0").has("driver_bearer")).isTrue();
        assertThat(mine.at("/responses").fieldNames()).toIterable().contains("401", "503", "default");
        JsonNode admin = json.at("/paths/~1v1~1admin~1things/get");
        assertThat(admin.at("/security/0").has("admin_basic")).isTrue();
        assertThat(admin.at("/responses").fieldNames()).toIterable().contains("401", "403");
        assertThat(json.at("/paths/~1v1~1things~1{id}/get/security").isMissingNode()).isTrue();
        assertThat(json.at("/components/securitySchemes/driver_bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(json.at("/components/securitySchemes/admin_basic/scheme").asText()).isEqualTo("basic");
        assertThat(json.at("/components/securitySchemes/internal_secret/name").asText()).isEqualTo("X-Internal-Secret");
    }

    @Test
    void problemResponsesFollowWhatTheOperationTakes() {
        assertThat(json.at("/paths/~1v1~1things~1start/post/responses").fieldNames()).toIterable()
                .contains("400", "413", "415", "default").doesNotContain("404");
        assertThat(json.at("/paths/~1v1~1things~1{id}/get/responses").fieldNames()).toIterable()
                .contains("400", "404");
        assertThat(json.at("/components/responses/Problem/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
    }
}
