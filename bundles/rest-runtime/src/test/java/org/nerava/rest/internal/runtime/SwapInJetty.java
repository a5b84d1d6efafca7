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
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.nerava.platform.concurrent.DaemonThreads;

/**
 * An {@link ApplicationSwap} serving real requests: a real servlet container on 127.0.0.1 and real CXF applications
 * built by {@link RestGeneration}; only the registry of whiteboard services is replaced by a list the test sets, and
 * Karaf's boot by a flag.
 */
final class SwapInJetty implements AutoCloseable {

    static final Duration SETTLE = Duration.ofMillis(50);

    final AtomicBoolean booted = new AtomicBoolean(true);
    /** How many applications were built, failed builds included. */
    final AtomicInteger builds = new AtomicInteger();
    final ApplicationSwap swap;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Server jetty;
    private final URI base;
    /** The whiteboard resources, as the registry holds them. */
    volatile List<Object> registered = List.of();
    /** Extensions (exception mappers...) every application gets. */
    volatile List<Object> providers = List.of();
    private volatile ServletConfig servletConfig;

    SwapInJetty() throws Exception {
        swap = new ApplicationSwap(() -> new ApplicationSwap.Contents(registered, providers),
                (number, config, c) -> {
                    builds.incrementAndGet();
                    return RestGeneration.build(number, config, c.resources(), c.providers());
                },
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("test-rest-builder")),
                new ApplicationSwap.Timing(SETTLE, Duration.ofMillis(300)), booted::get);
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
                servletConfig = config;
            }

            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response)
                    throws ServletException, IOException {
                // as RestRuntime's servlet does
                if (!EarlyLiveness.answer(request, response)) {
                    swap.serve(request, response);
                }
            }
        });
        holder.setAsyncSupported(true);
        holder.setInitOrder(1);
        context.addServlet(holder, "/*");
        jetty.setHandler(context);
        jetty.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** Starts the swap, as the servlet's init does in Karaf; returns at once. */
    void start() {
        swap.start(servletConfig);
    }

    /** Starts the swap with these resources and waits for the first application. */
    RestGeneration serving(Object... resources) throws InterruptedException {
        registered = List.of(resources);
        start();
        await(() -> swap.current() != null);
        return swap.current();
    }

    /** As the whiteboard tracker does: the resource is out of the registry, then the runtime is told it leaves. */
    CompletableFuture<Boolean> unregister(Object resource) {
        registered = registered.stream().filter(r -> r != resource).toList();
        return CompletableFuture.supplyAsync(() -> swap.departing(resource));
    }

    /** Registers one more resource, as a feature coming (back) does. */
    void register(Object resource) throws InterruptedException {
        RestGeneration before = swap.current();
        registered = java.util.stream.Stream.concat(registered.stream(), java.util.stream.Stream.of(resource)).toList();
        swap.changed();
        await(() -> swap.current() != before);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(path).get(10, TimeUnit.SECONDS);
    }

    CompletableFuture<HttpResponse<String>> send(String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 5 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        swap.close();
        try {
            jetty.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("the test's Jetty did not stop", e);
        }
    }
}
