package org.nerava.rest.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Until the boot features are in, nothing the server answers says "no such path": only 503 starting. */
class BootWindowTest {

    private SwapInJetty server;

    @BeforeEach
    void start() throws Exception {
        server = new SwapInJetty();
        server.booted.set(false);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void beforeTheBootFeaturesAreInAPathNobodyServesYetAnswers503Starting() throws Exception {
        server.serving(new Readiness());

        assertStarting(server.get("/v1/merchants/favorites"));
        assertThat(server.get("/readyz").body()).as("what is served already is served").isEqualTo("booting");
    }

    @Test
    void beforeTheBootFeaturesAreInA404OfAResourceIsAnswered503StartingToo() throws Exception {
        server.serving(new Readiness(), new MerchantsResource());

        assertStarting(server.get("/v1/merchants/favorites")); // the merchants resource would say "no such merchant"
        assertThat(server.get("/v1/merchants/m_known").body()).isEqualTo("merchant m_known");
    }

    @Test
    void onceTheBootFeaturesAreInAPathNobodyServesIs404() throws Exception {
        server.serving(new Readiness(), new MerchantsResource());
        assertStarting(server.get("/v1/nothing"));

        server.booted.set(true);

        HttpResponse<String> missing = server.get("/v1/nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Retry-After")).isEmpty();
        assertThat(server.get("/v1/merchants/favorites").statusCode()).isEqualTo(404);
    }

    @Test
    void beforeAnyResourceIsServedEveryPathAnswers503Starting() throws Exception {
        assertStarting(server.get("/v1/merchants/favorites"));
    }

    @Test
    void healthzReachingTheRuntimeBeforeThePlatformsHealthServletIsTheServersOwn200() throws Exception {
        HttpResponse<String> live = server.get("/healthz");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(live.headers().firstValue("X-Request-Id")).isPresent();
    }

    private static void assertStarting(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(response.body()).contains("\"status\":503", "\"code\":\"starting\"");
    }

    @Path("/readyz")
    public static class Readiness {
        @GET
        @Produces("text/plain")
        public String ready() {
            return "booting";
        }
    }
}
