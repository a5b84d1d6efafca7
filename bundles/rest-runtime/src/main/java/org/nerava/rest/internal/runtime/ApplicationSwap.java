package org.nerava.rest.internal.runtime;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
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
 * done (bounded by {@link Policy#drainTimeout}). A build that fails leaves the previous application serving.
 *
 * <p>A resource that leaves (its feature uninstalled, updated or refreshed) is drained: from that moment requests for
 * its paths answer {@code 503 feature_unavailable} with {@code Retry-After} instead of entering it, and the thread
 * unregistering it waits until the requests already in it are done (bounded by the drain timeout), so its services
 * stay usable for them. Its paths keep answering 503 until it is back, or for {@link Policy#absentRouteGrace}. A
 * request that fails with a 5xx because its feature left under it answers 503 too. Until the boot features are in,
 * a request that no resource serves yet answers {@code 503 starting}, not 404.
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
     */
    record Timing(Duration settle, Duration firstBuildWait) {
        static final Timing PRODUCTION = new Timing(Duration.ofMillis(50), Duration.ofSeconds(10));
    }

    /**
     * What operators configure (PID {@code org.nerava.rest}).
     *
     * @param drainTimeout how long a leaving resource, and a replaced application, may keep serving what it accepted
     * @param absentRouteGrace how long the paths of a resource that left answer 503 rather than 404
     * @param retryAfterSeconds the {@code Retry-After} of the runtime's own 503 answers
     */
    record Policy(Duration drainTimeout, Duration absentRouteGrace, int retryAfterSeconds) {
        static final Policy DEFAULT = new Policy(Duration.ofSeconds(30), Duration.ofMinutes(5), 1);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationSwap.class);
    /** The application an asynchronous request started in; its re-dispatches must go back there. */
    private static final String GENERATION = ApplicationSwap.class.getName() + ".generation";

    private final Supplier<Contents> contents;
    private final GenerationFactory factory;
    private final ScheduledExecutorService builder;
    private final Timing timing;
    private final BooleanSupplier booted;
    private final RouteMemory routes;
    /** Every request the runtime is handling, from the moment it arrives. */
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    /** Completed by the first build: the HTTP server initialises the servlet on its first request, which waits. */
    private final CompletableFuture<Void> firstBuild = new CompletableFuture<>();
    private ScheduledFuture<?> pendingBuild;
    /** Changes asked for so far, and how many of them the application serving now includes. Guarded by lock. */
    private long changes;
    private long changesServed;
    private volatile ServletConfig config;
    private volatile RestGeneration current;
    private volatile Policy policy = Policy.DEFAULT;
    private int generations;

    /** @param booted true once the boot features are in: from then on a path nobody serves is a plain 404 */
    ApplicationSwap(Supplier<Contents> contents, GenerationFactory factory, ScheduledExecutorService builder,
            Timing timing, BooleanSupplier booted) {
        this.contents = contents;
        this.factory = factory;
        this.builder = builder;
        this.timing = timing;
        this.booted = booted;
        this.routes = new RouteMemory(Clock.systemUTC(), policy.absentRouteGrace());
    }

    void configure(Policy configured) {
        policy = configured;
        routes.grace(configured.absentRouteGrace());
    }

    /**
     * A resource is leaving (called on the thread unregistering it, before it is gone): its paths answer 503 from now
     * on, the next application is built without it, and this returns once the requests already in it are done, or
     * after the drain timeout. False when requests were still in flight at the timeout.
     */
    boolean departing(Object resource) {
        routes.departed(resource);
        changed();
        Set<Route> leaving = Route.of(resource.getClass());
        CompletableFuture<?>[] draining = inFlight.stream()
                .filter(request -> !request.onCurrentThread() && leaving.stream().anyMatch(r -> r.matches(request.path())))
                .map(InFlight::done)
                .toArray(CompletableFuture[]::new);
        LOG.debug("{} leaving: its paths answer 503 feature_unavailable; {} requests in it to drain",
                resource.getClass().getName(), draining.length);
        if (draining.length == 0) {
            return true;
        }
        Duration timeout = policy.drainTimeout();
        try {
            CompletableFuture.allOf(draining).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.debug("{} drained: {} requests finished", resource.getClass().getName(), draining.length);
            return true;
        } catch (TimeoutException e) {
            LOG.warn("{} left with requests still in flight after the drain timeout of {} s", resource.getClass()
                    .getName(), timeout.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // a request's completion never fails
        }
        return false;
    }

    /** The paths of resources that left and answer 503 now. */
    Set<Route> away() {
        return routes.away();
    }

    /** The servlet is initialised: applications can be built from now on. */
    void start(ServletConfig servletConfig) {
        config = servletConfig;
        changed();
    }

    /**
     * An extension (a filter, a mapper, a body provider) is leaving (called on the thread unregistering it, before it
     * is gone): returns once an application without it serves, or after the drain timeout. Its bundle is stopping,
     * and the application holding it must not go on answering with it: the admin feature's authentication filter,
     * for one, would go on refusing requests that, without it, are answered 503 {@code admin_auth_unavailable}.
     * False when no application without it was in place at the timeout.
     */
    boolean extensionDeparting() {
        long change = changed();
        if (config == null) {
            return true; // nothing built yet, so nothing holds it
        }
        long deadline = System.nanoTime() + policy.drainTimeout().toNanos();
        synchronized (lock) {
            while (changesServed < change && !builder.isShutdown()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    LOG.warn("An extension left while the application holding it was still serving after the drain"
                            + " timeout of {} s", policy.drainTimeout().toSeconds());
                    return false;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Something served changed: build the next application once the changes arriving with it are in.
     *
     * @return this change's number, included in the application once {@link #extensionDeparting} would see it
     */
    long changed() {
        synchronized (lock) {
            if (pendingBuild != null) {
                pendingBuild.cancel(false);
            }
            if (!builder.isShutdown()) {
                pendingBuild = builder.schedule(this::build, timing.settle().toMillis(), TimeUnit.MILLISECONDS);
            }
            return ++changes;
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
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        InFlight ticket = new InFlight(path, inFlight);
        try {
            // Checked once the request counts as in flight: a resource that leaves now either is seen as away here,
            // or waits for this request.
            if (routes.isAway(path)) {
                answer(request, response, featureUnavailable());
                return;
            }
            RestGeneration generation = enterCurrent();
            if (generation == null) {
                answer(request, response, starting());
                return;
            }
            ticket.entered(generation);
            request.setAttribute(GENERATION, generation);
            serve(generation, ticket, request, response);
        } finally {
            if (!ticket.wentAsync()) {
                ticket.release();
            }
        }
    }

    private void serve(RestGeneration generation, InFlight ticket, HttpServletRequest request,
            HttpServletResponse response) throws ServletException, IOException {
        HeldResponse held = new HeldResponse(response, status -> !ticket.wentAsync() && overrulable(status));
        try {
            generation.service(ticket.watch(request), held);
        } catch (ServletException | IOException | RuntimeException e) {
            if (ticket.wentAsync() || response.isCommitted() || !routes.isAway(ticket.path())) {
                throw e;
            }
            LOG.debug("A request to {} failed while its feature left; answered 503", ticket.path(), e);
            held.discard();
            answer(request, response, featureUnavailable());
            return;
        }
        Problem instead = held.heldStatus() == 0 ? null : overruling(held.heldStatus(), ticket.path());
        if (instead == null) {
            held.release();
        } else {
            held.discard();
            answer(request, response, instead);
        }
    }

    /** A status the runtime may have to overrule once the application is done: it is held back until then. */
    private boolean overrulable(int status) {
        return (status >= 500 && status != 503) || (status == 404 && !booted.getAsBoolean());
    }

    /** What to answer instead of the application's answer, or null to keep it. */
    private Problem overruling(int status, String path) {
        if (status >= 500 && status != 503 && routes.isAway(path)) {
            // Its feature left while it ran (a service or persistence unit gone under it): not a server fault.
            return featureUnavailable();
        }
        if (status == 404 && !booted.getAsBoolean()) {
            // Whoever serves it may still be coming.
            return starting();
        }
        return null;
    }

    private static Problem starting() {
        return Problem.of(503, "starting", "Service unavailable",
                "the server is starting; this path may be served in a moment");
    }

    private static Problem featureUnavailable() {
        return Problem.of(503, "feature_unavailable", "Feature unavailable",
                "the feature serving this path is being updated or was removed; try again in a moment");
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, Problem problem) throws IOException {
        ProblemAnswers.write(request, response, problem,
                Map.of("Retry-After", Integer.toString(policy.retryAfterSeconds())));
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

    private void served(long upTo) {
        synchronized (lock) {
            changesServed = Math.max(changesServed, upTo);
            lock.notifyAll();
        }
    }

    /** Builds the next application from what is registered now, then switches requests to it. Builder thread only. */
    private void build() {
        ServletConfig servletConfig = config;
        if (servletConfig == null) {
            return; // the servlet is not initialised yet; start() asks for the first build
        }
        long upTo;
        synchronized (lock) {
            upTo = changes; // what is registered now includes at least these changes
        }
        Contents next = contents.get();
        RestGeneration previous = current;
        RestGeneration built;
        try {
            built = next.resources().isEmpty() ? null : factory.build(++generations, servletConfig, next);
        } catch (RuntimeException | ServletException e) {
            LOG.error("Could not build the REST application; the previous one keeps serving", e);
            served(upTo); // whoever waits for this build waits no longer: there is nothing better to wait for
            return;
        }
        current = built;
        served(upTo);
        // After the switch: a path coming back answers 503 a moment longer, never 404.
        routes.serving(built == null ? List.of() : built.resources());
        firstBuild.complete(null);
        LOG.info("REST application {} serves {} resources with {} extensions",
                built == null ? "-" : built.number(), next.resources().size(), next.providers().size());
        if (previous != null) {
            previous.retire();
            builder.schedule(previous::destroyNow, policy.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
