package org.nerava.rest.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.container.Suspended;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nerava.platform.concurrent.DaemonThreads;

/**
 * The swap's guarantees, each through real requests: a real servlet container, real CXF applications built by
 * {@link RestGeneration}, only the registry of whiteboard services replaced by a list the test sets.
 */
class ApplicationSwapTest {

    private static final Duration SETTLE = Duration.ofMillis(50);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger builds = new AtomicInteger();
    private volatile List<Object> registered = List.of();
    private volatile List<Object> registeredProviders = List.of();
    private ApplicationSwap swap;
    private Server jetty;
    private volatile ServletConfig servletConfig;
    private URI base;

    @BeforeEach
    void startServletContainer() throws Exception {
        swap = new ApplicationSwap(() -> new ApplicationSwap.Contents(registered, registeredProviders), (number, config, c) -> {
            builds.incrementAndGet();
            return RestGeneration.build(number, config, c.resources(), c.providers());
        }, Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("test-rest-builder")),
                new ApplicationSwap.Timing(SETTLE, Duration.ofMillis(300)), () -> true);
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            public void init(ServletConfig config) throws ServletException {
                super.init(config);
                servletConfig = config; // the tests decide when the swap starts
            }

            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response)
                    throws ServletException, IOException {
                swap.serve(request, response);
            }
        });
        holder.setAsyncSupported(true);
        holder.setInitOrder(1);
        context.addServlet(holder, "/*");
        jetty.setHandler(context);
        jetty.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        swap.close();
        jetty.stop();
    }

    @Test
    void aRequestBeforeTheFirstApplicationIsAnswered503StartingWithRetryAfter() throws Exception {
        HttpResponse<String> response = get("/hello");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(response.body()).contains("\"status\":503", "\"code\":\"starting\"");
    }

    @Test
    void aRequestJustBeforeTheFirstApplicationWaitsForIt() throws Exception {
        registered = List.of(new Hello("one"));
        CompletableFuture<HttpResponse<String>> early = send("/hello");
        Thread.sleep(100);

        swap.start(servletConfig);

        assertThat(early.get(5, TimeUnit.SECONDS).body()).isEqualTo("hello one");
    }

    @Test
    void changesArrivingTogetherMakeOneApplication() throws Exception {
        serving(new Hello("one"));
        int before = builds.get();

        for (int i = 0; i < 5; i++) {
            registered = List.of(new Hello("two-" + i));
            swap.changed();
        }
        await(() -> swap.current().number() != 1);
        Thread.sleep(SETTLE.toMillis() * 4);

        assertThat(builds.get() - before).isEqualTo(1);
        assertThat(get("/hello").body()).isEqualTo("hello two-4");
    }

    @Test
    void aLeavingExtensionIsOutOfTheApplicationServingWhenItsUnregistrationReturns() throws Exception {
        registeredProviders = List.of(new Refusing());
        serving(new Hello("one"));
        assertThat(get("/hello").statusCode()).isEqualTo(401);

        registeredProviders = List.of();
        boolean replaced = swap.extensionDeparting();

        assertThat(replaced).isTrue();
        HttpResponse<String> response = get("/hello");
        assertThat(response.statusCode()).as("the very next request, without waiting").isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello one");
    }

    @Test
    void aFailedBuildKeepsThePreviousApplicationServing() throws Exception {
        RestGeneration serving = serving(new Hello("one"));

        registered = List.of(new NotAResource()); // CXF refuses an application without a root resource
        swap.changed();
        await(() -> builds.get() == 2);
        Thread.sleep(SETTLE.toMillis());

        assertThat(swap.current()).isSameAs(serving);
        assertThat(serving.destroyed()).isFalse();
        HttpResponse<String> response = get("/hello");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello one");
    }

    @Test
    void aReplacedApplicationIsDestroyedOnlyAfterItsRequestInFlightIsDone() throws Exception {
        Slow slow = new Slow();
        RestGeneration first = serving(new Hello("one"), slow);
        CompletableFuture<HttpResponse<String>> inFlight = send("/slow");
        assertThat(slow.entered.await(5, TimeUnit.SECONDS)).isTrue();

        replaceWith(new Hello("two"));

        assertThat(get("/hello").body()).as("new requests go to the new application").isEqualTo("hello two");
        assertOutlives(first, inFlight, slow.release::countDown, "slow done");
    }

    @Test
    void aReplacedApplicationIsDestroyedOnlyAfterItsAsynchronousRequestIsDone() throws Exception {
        Later later = new Later();
        RestGeneration first = serving(new Hello("one"), later);
        CompletableFuture<HttpResponse<String>> inFlight = send("/later");
        assertThat(later.suspended.await(5, TimeUnit.SECONDS)).isTrue();

        replaceWith(new Hello("two"));
        Thread.sleep(SETTLE.toMillis());

        assertOutlives(first, inFlight, () -> later.pending.resume("later done"), "later done");
    }

    @Test
    void anIdleReplacedApplicationIsDestroyedAtOnce() throws Exception {
        RestGeneration first = serving(new Hello("one"));
        assertThat(get("/hello").statusCode()).isEqualTo(200);

        replaceWith(new Hello("two"));

        await(first::destroyed);
    }

    /** The replaced application lives until its request, finished now, is answered normally; then it goes. */
    private static void assertOutlives(RestGeneration replaced, CompletableFuture<HttpResponse<String>> request,
            Runnable finish, String body) throws Exception {
        assertThat(replaced.destroyed()).as("destroyed with a request in flight").isFalse();
        finish.run();
        HttpResponse<String> finished = request.get(5, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).isEqualTo(body);
        await(replaced::destroyed);
    }

    /** Starts the swap with these resources and waits for the first application. */
    private RestGeneration serving(Object... resources) throws InterruptedException {
        registered = List.of(resources);
        swap.start(servletConfig);
        await(() -> swap.current() != null);
        return swap.current();
    }

    /** Registers these resources instead and waits until an application serving them is current. */
    private void replaceWith(Object... resources) throws InterruptedException {
        RestGeneration before = swap.current();
        registered = List.of(resources);
        swap.changed();
        await(() -> swap.current() != before);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(path).get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> send(String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 5 s").isLessThan(deadline);
            Thread.sleep(5);
        }
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
