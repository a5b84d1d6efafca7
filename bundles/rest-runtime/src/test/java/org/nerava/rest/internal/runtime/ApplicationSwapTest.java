package org.nerava.rest.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.container.Suspended;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The swap's guarantees, each through real requests: a real servlet container, real CXF applications built by
 * {@link RestGeneration}, only the registry of whiteboard services replaced by a list the test sets.
 */
class ApplicationSwapTest {

    private SwapInJetty jetty;

    @BeforeEach
    void startServletContainer() throws Exception {
        jetty = new SwapInJetty();
    }

    @AfterEach
    void stop() {
        jetty.close();
    }

    @Test
    void aRequestBeforeTheFirstApplicationIsAnswered503StartingWithRetryAfter() throws Exception {
        HttpResponse<String> response = jetty.get("/hello");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(response.body()).contains("\"status\":503", "\"code\":\"starting\"");
    }

    @Test
    void aRequestJustBeforeTheFirstApplicationWaitsForIt() throws Exception {
        jetty.registered = List.of(new Hello("one"));
        CompletableFuture<HttpResponse<String>> early = jetty.send("/hello");
        Thread.sleep(100);

        jetty.start();

        assertThat(early.get(5, TimeUnit.SECONDS).body()).isEqualTo("hello one");
    }

    @Test
    void changesArrivingTogetherMakeOneApplication() throws Exception {
        jetty.serving(new Hello("one"));
        int before = jetty.builds.get();

        for (int i = 0; i < 5; i++) {
            jetty.registered = List.of(new Hello("two-" + i));
            jetty.swap.changed();
        }
        SwapInJetty.await(() -> jetty.swap.current().number() != 1);
        Thread.sleep(SwapInJetty.SETTLE.toMillis() * 4);

        assertThat(jetty.builds.get() - before).isEqualTo(1);
        assertThat(jetty.get("/hello").body()).isEqualTo("hello two-4");
    }

    @Test
    void aLeavingExtensionIsOutOfTheApplicationServingWhenItsUnregistrationReturns() throws Exception {
        jetty.providers = List.of(new Refusing());
        jetty.serving(new Hello("one"));
        assertThat(jetty.get("/hello").statusCode()).isEqualTo(401);

        jetty.providers = List.of();
        boolean replaced = jetty.swap.extensionDeparting();

        assertThat(replaced).isTrue();
        HttpResponse<String> response = jetty.get("/hello");
        assertThat(response.statusCode()).as("the very next request, without waiting").isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello one");
    }

    @Test
    void aFailedBuildKeepsThePreviousApplicationServing() throws Exception {
        RestGeneration serving = jetty.serving(new Hello("one"));

        jetty.registered = List.of(new NotAResource()); // CXF refuses an application without a root resource
        jetty.swap.changed();
        SwapInJetty.await(() -> jetty.builds.get() == 2);
        Thread.sleep(SwapInJetty.SETTLE.toMillis());

        assertThat(jetty.swap.current()).isSameAs(serving);
        assertThat(serving.destroyed()).isFalse();
        HttpResponse<String> response = jetty.get("/hello");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello one");
    }

    @Test
    void aReplacedApplicationIsDestroyedOnlyAfterItsRequestInFlightIsDone() throws Exception {
        Slow slow = new Slow();
        RestGeneration first = jetty.serving(new Hello("one"), slow);
        CompletableFuture<HttpResponse<String>> inFlight = jetty.send("/slow");
        assertThat(slow.entered.await(5, TimeUnit.SECONDS)).isTrue();

        replaceWith(new Hello("two"));

        assertThat(jetty.get("/hello").body()).as("new requests go to the new application").isEqualTo("hello two");
        assertOutlives(first, inFlight, slow.release::countDown, "slow done");
    }

    @Test
    void aReplacedApplicationIsDestroyedOnlyAfterItsAsynchronousRequestIsDone() throws Exception {
        Later later = new Later();
        RestGeneration first = jetty.serving(new Hello("one"), later);
        CompletableFuture<HttpResponse<String>> inFlight = jetty.send("/later");
        assertThat(later.suspended.await(5, TimeUnit.SECONDS)).isTrue();

        replaceWith(new Hello("two"));
        Thread.sleep(SwapInJetty.SETTLE.toMillis());

        assertOutlives(first, inFlight, () -> later.pending.resume("later done"), "later done");
    }

    @Test
    void anIdleReplacedApplicationIsDestroyedAtOnce() throws Exception {
        RestGeneration first = jetty.serving(new Hello("one"));
        assertThat(jetty.get("/hello").statusCode()).isEqualTo(200);

        replaceWith(new Hello("two"));

        SwapInJetty.await(first::destroyed);
    }

    /** The replaced application lives until its request, finished now, is answered normally; then it goes. */
    private static void assertOutlives(RestGeneration replaced, CompletableFuture<HttpResponse<String>> request,
            Runnable finish, String body) throws Exception {
        assertThat(replaced.destroyed()).as("destroyed with a request in flight").isFalse();
        finish.run();
        HttpResponse<String> finished = request.get(5, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).isEqualTo(body);
        SwapInJetty.await(replaced::destroyed);
    }

    /** Starts the swap with these resources and waits for the first application. */
    /** Registers these resources instead and waits until an application serving them is current. */
    private void replaceWith(Object... resources) throws InterruptedException {
        RestGeneration before = jetty.swap.current();
        jetty.registered = List.of(resources);
        jetty.swap.changed();
        SwapInJetty.await(() -> jetty.swap.current() != before);
    }

    @Path("/hello")
    public static class Hello {
        private final String tag;

        Hello(String tag) {
            this.tag = tag;
        }

        @GET
        @Produces("text/plain")
        public String hello() {
            return "hello " + tag;
        }
    }

    @Path("/slow")
    public static class Slow {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @GET
        @Produces("text/plain")
        public String slow() throws InterruptedException {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "slow done";
        }
    }

    @Path("/later")
    public static class Later {
        final CountDownLatch suspended = new CountDownLatch(1);
        volatile AsyncResponse pending;

        @GET
        @Produces("text/plain")
        public void later(@Suspended AsyncResponse response) {
            pending = response;
            suspended.countDown();
        }
    }

    /** A filter refusing every request, as an authentication filter refuses a request without credentials. */
    @javax.ws.rs.ext.Provider
    public static class Refusing implements javax.ws.rs.container.ContainerRequestFilter {
        @Override
        public void filter(javax.ws.rs.container.ContainerRequestContext request) {
            request.abortWith(javax.ws.rs.core.Response.status(401).build());
        }
    }

    /** No {@code @Path}: not a JAX-RS resource. */
    public static class NotAResource {
        public String hello() {
            return "never served";
        }
    }
}
