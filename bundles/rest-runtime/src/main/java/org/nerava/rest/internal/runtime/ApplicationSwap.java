package org.nerava.rest.internal.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import javax.servlet.DispatcherType;
import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.nerava.platform.Problem;
import org.nerava.platform.http.ProblemAnswers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The swap itself, apart from where its contents come from: after a change (and a settling pause, so changes that
 * arrive together make one build) it builds the next application completely on its own thread, switches requests to
 * it in one volatile write, and retires the previous one, which is destroyed when the last request it accepted is
 * done (bounded by {@link Timing#retireBound}). A build that fails leaves the previous application serving.
 */
final class ApplicationSwap {

    /** What one application serves: resource objects and the extensions (providers, filters, mappers) they use. */
    record Contents(List<Object> resources, List<Object> providers) {
    }

    @FunctionalInterface
    interface GenerationFactory {
        RestGeneration build(int number, ServletConfig config, Contents contents) throws ServletException;
    }

    /**
     * @param settle how long a change waits for the changes arriving with it
     * @param firstBuildWait how long a request before the first application waits for it before 503 {@code starting}
     * @param retireBound how long a replaced application may keep serving what it accepted
     */
    record Timing(Duration settle, Duration firstBuildWait, Duration retireBound) {
        static final Timing PRODUCTION = new Timing(Duration.ofMillis(50), Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationSwap.class);
    /** The application an asynchronous request started in; its re-dispatches must go back there. */
    private static final String GENERATION = ApplicationSwap.class.getName() + ".generation";

    private final Supplier<Contents> contents;
    private final GenerationFactory factory;
    private final ScheduledExecutorService builder;
    private final Timing timing;
    private final Object lock = new Object();
    /** Completed by the first build: the HTTP server initialises the servlet on its first request, which waits. */
    private final CompletableFuture<Void> firstBuild = new CompletableFuture<>();
    private ScheduledFuture<?> pendingBuild;
    private volatile ServletConfig config;
    private volatile RestGeneration current;
    private int generations;

    ApplicationSwap(Supplier<Contents> contents, GenerationFactory factory, ScheduledExecutorService builder,
            Timing timing) {
        this.contents = contents;
        this.factory = factory;
        this.builder = builder;
        this.timing = timing;
    }

    /** The servlet is initialised: applications can be built from now on. */
    void start(ServletConfig servletConfig) {
        config = servletConfig;
        changed();
    }

    /** Something served changed: build the next application once the changes arriving with it are in. */
    void changed() {
        synchronized (lock) {
            if (pendingBuild != null) {
                pendingBuild.cancel(false);
            }
            if (!builder.isShutdown()) {
                pendingBuild = builder.schedule(this::build, timing.settle().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The application serving now, or null before the first build or while nothing is registered. */
    RestGeneration current() {
        return current;
    }

    void serve(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Object startedIn = request.getAttribute(GENERATION);
        if (request.getDispatcherType() == DispatcherType.ASYNC && startedIn instanceof RestGeneration) {
            // Counted in when the request first came; it stays counted until its asynchronous cycle completes.
            ((RestGeneration) startedIn).service(request, response);
            return;
        }
        RestGeneration generation = enterCurrent();
        if (generation == null) {
            ProblemAnswers.write(request, response,
                    Problem.of(503, "starting", "Service unavailable", "the REST runtime is starting"),
                    Map.of("Retry-After", "1"));
            return;
        }
        request.setAttribute(GENERATION, generation);
        InFlight ticket = new InFlight(generation);
        try {
            generation.service(ticket.watch(request), response);
        } finally {
            if (!ticket.wentAsync()) {
                ticket.release();
            }
        }
    }

    /** Stops building and destroys the application serving now. */
    void close() {
        builder.shutdownNow();
        RestGeneration last = current;
        current = null;
        if (last != null) {
            last.destroyNow();
        }
    }

    /** The current application, counted in; waits for the first one. Null when there is nothing to serve. */
    private RestGeneration enterCurrent() {
        RestGeneration generation = current;
        if (generation == null) {
            awaitFirstBuild();
        }
        while ((generation = current) != null) {
            if (generation.enter()) {
                return generation;
            }
            // Destroyed between the read and the count: a newer one is current already.
        }
        return null;
    }

    private void awaitFirstBuild() {
        try {
            firstBuild.get(timing.firstBuildWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // still nothing to serve
        }
    }

    /** Builds the next application from what is registered now, then switches requests to it. Builder thread only. */
    private void build() {
        ServletConfig servletConfig = config;
        if (servletConfig == null) {
            return; // the servlet is not initialised yet; start() asks for the first build
        }
        Contents next = contents.get();
        RestGeneration previous = current;
        RestGeneration built;
        try {
            built = next.resources().isEmpty() ? null : factory.build(++generations, servletConfig, next);
        } catch (RuntimeException | ServletException e) {
            LOG.error("Could not build the REST application; the previous one keeps serving", e);
            return;
        }
        current = built;
        firstBuild.complete(null);
        LOG.info("REST application {} serves {} resources with {} extensions",
                built == null ? "-" : built.number(), next.resources().size(), next.providers().size());
        if (previous != null) {
            previous.retire();
            builder.schedule(previous::destroyNow, timing.retireBound().toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
