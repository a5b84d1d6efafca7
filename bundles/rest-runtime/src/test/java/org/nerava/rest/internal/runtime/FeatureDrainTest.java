package org.nerava.rest.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nerava.rest.internal.runtime.SwapInJetty.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A feature leaving while it is asked for, through real requests: what is in it finishes, what comes after is told
 * {@code 503 feature_unavailable} with {@code Retry-After} until the feature is back or the grace is over, and
 * nothing is a 500 or a 404 meanwhile.
 */
class FeatureDrainTest {

    private SwapInJetty server;

    @BeforeEach
    void start() throws Exception {
        server = new SwapInJetty();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aLeavingFeaturesRequestInFlightFinishesNormallyAndItsUnregistrationWaitsForIt() throws Exception {
        Favorites favorites = new Favorites();
        server.serving(new MerchantsResource(), favorites);
        CompletableFuture<HttpResponse<String>> inFlight = server.send("/v1/merchants/favorites");
        assertThat(favorites.entered.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> leaving = server.unregister(favorites);
        Thread.sleep(300);

        assertThat(leaving).as("the unregistration waits for the request in flight").isNotDone();
        assertFeatureUnavailable(server.get("/v1/merchants/favorites"));
        assertThat(server.get("/v1/merchants/m_1").body()).as("the neighbour keeps serving").isEqualTo("merchant m_1");
        favorites.release.countDown();
        HttpResponse<String> finished = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).isEqualTo("favorites");
        assertThat(leaving.get(5, TimeUnit.SECONDS)).as("drained in time").isTrue();
    }

    @Test
    void whileAFeatureIsAwayItsPathsAnswer503AndWhenItIsBackItServesThemAgain() throws Exception {
        Favorites favorites = new Favorites();
        favorites.release.countDown();
        server.serving(new MerchantsResource(), favorites);

        assertThat(server.unregister(favorites).get(5, TimeUnit.SECONDS)).isTrue();
        await(() -> server.swap.current().resources().size() == 1);

        assertFeatureUnavailable(server.get("/v1/merchants/favorites"));
        assertFeatureUnavailable(server.get("/v1/merchants/m_1/favorite"));
        assertThat(server.get("/v1/merchants/m_1").statusCode()).as("a path still served stays served").isEqualTo(200);

        Favorites updated = new Favorites(); // bundle:update: a new object serving the same paths
        updated.release.countDown();
        server.register(updated);
        HttpResponse<String> back = server.get("/v1/merchants/favorites");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).isEqualTo("favorites");
        assertThat(server.swap.away()).isEmpty();
    }

    @Test
    void afterTheGraceThePathsOfAFeatureRemovedForGoodAre404Again() throws Exception {
        server.swap.configure(new ApplicationSwap.Policy(Duration.ofSeconds(5), Duration.ofMillis(400), 1));
        Favorites favorites = new Favorites();
        server.serving(new MerchantsResource(), favorites);

        server.unregister(favorites).get(5, TimeUnit.SECONDS);
        await(() -> server.swap.current().resources().size() == 1);
        assertFeatureUnavailable(server.get("/v1/merchants/favorites"));
        Thread.sleep(500);

        HttpResponse<String> gone = server.get("/v1/merchants/m_1/favorite");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.headers().firstValue("Retry-After")).isEmpty();
        assertThat(server.swap.away()).isEmpty();
    }

    @Test
    void theDrainTimeoutBoundsTheWaitForARequestThatDoesNotFinish() throws Exception {
        server.swap.configure(new ApplicationSwap.Policy(Duration.ofMillis(300), Duration.ofMinutes(5), 1));
        Favorites favorites = new Favorites();
        server.serving(new MerchantsResource(), favorites);
        CompletableFuture<HttpResponse<String>> stuck = server.send("/v1/merchants/favorites");
        assertThat(favorites.entered.await(5, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        boolean drained = server.unregister(favorites).get(5, TimeUnit.SECONDS);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(drained).isFalse();
        assertThat(waitedMillis).isBetween(250L, 2_000L);
        favorites.release.countDown();
        assertThat(stuck.get(5, TimeUnit.SECONDS).statusCode()).isIn(200, 503);
    }

    @Test
    void aRequestWhoseFeatureLeavesUnderItAnswers503NotA500() throws Exception {
        assertAFailureOfALeavingFeatureIsAnswered503();
    }

    @Test
    void aMapped500OfAFeatureLeavingUnderItIsAnswered503Too() throws Exception {
        server.providers = List.of(new InternalErrors());
        assertAFailureOfALeavingFeatureIsAnswered503();
    }

    /** A request in a feature that leaves while it runs, then throws (its persistence unit is gone): a 503. */
    private void assertAFailureOfALeavingFeatureIsAnswered503() throws Exception {
        Failing failing = new Failing();
        server.serving(new MerchantsResource(), failing);
        CompletableFuture<HttpResponse<String>> inFlight = server.send("/v1/failing");
        assertThat(failing.entered.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> leaving = server.unregister(failing);
        Thread.sleep(100);
        failing.release.countDown();

        assertFeatureUnavailable(inFlight.get(5, TimeUnit.SECONDS));
        assertThat(leaving.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFailureOfAFeatureThatStaysIsStillA500WithItsOwnAnswer() throws Exception {
        server.providers = List.of(new InternalErrors());
        Failing failing = new Failing();
        failing.release.countDown();
        server.serving(new MerchantsResource(), failing);

        HttpResponse<String> failed = server.get("/v1/failing");

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("{\"code\":\"internal_error\"}");
        assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(failed.headers().firstValue("X-Mapped")).hasValue("yes");
        assertThat(failed.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void aPathOfTheLeavingFeatureThatAnotherServesMoreSpecificallyStaysServed() throws Exception {
        MerchantsResource merchants = new MerchantsResource();
        Favorites favorites = new Favorites();
        favorites.release.countDown();
        server.serving(merchants, favorites);

        server.unregister(merchants).get(5, TimeUnit.SECONDS);
        await(() -> server.swap.current().resources().size() == 1);

        assertFeatureUnavailable(server.get("/v1/merchants/m_1"));
        assertThat(server.get("/v1/merchants/favorites").body()).isEqualTo("favorites");
    }

    static void assertFeatureUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(response.body()).contains("\"status\":503", "\"code\":\"feature_unavailable\"",
                "\"type\":\"urn:nerava:problem:feature_unavailable\"");
    }

    @Path("/v1/merchants")
    public static class Favorites {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @GET
        @Path("/favorites")
        @Produces("text/plain")
        public String favorites() throws InterruptedException {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "favorites";
        }

        @POST
        @Path("/{merchantId}/favorite")
        @Produces("text/plain")
        public String add(@PathParam("merchantId") String merchantId) {
            return "added " + merchantId;
        }
    }

    /** As the platform's problem mapper answers an unexpected exception. */
    @Provider
    public static class InternalErrors implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException exception) {
            return Response.status(500).type("application/problem+json").header("X-Mapped", "yes")
                    .entity("{\"code\":\"internal_error\"}").build();
        }
    }

    @Path("/v1/failing")
    public static class Failing {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @GET
        @Produces("text/plain")
        public String fail() throws InterruptedException {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            throw new IllegalStateException("Attempting to execute an operation on a closed EntityManagerFactory");
        }
    }
}
