package org.nerava.metrics.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.annotation.Priority;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Times every REST request into {@code nerava_http_server_requests_seconds} by method, route template and status.
 * Pre-matching, so the time includes the other filters (authentication, body limits) and requests no resource
 * matched; the response side runs when the response is written, after an asynchronous resource resumed.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class})
@JaxrsExtension
@JaxrsName("nerava.http-metrics")
@PreMatching
@Priority(10)
public class HttpMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String METER = "nerava.http.server.requests";
    private static final String START_PROPERTY = "nerava.metrics.start";
    /** Any other method is labelled {@code other}: clients must not be able to invent label values. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final MetricsRegistry registry;
    private final RouteTemplates routes = new RouteTemplates();
    /**
     * The timer of each series seen so far: building and registering one per request (its id, sorted tags and the
     * registry's lookup) was 3% of a REST request's CPU samples. A series is never more than one method of a fixed
     * set, a route template and a status, so this stays as small as the series themselves.
     */
    private final Map<Series, Timer> timers = new ConcurrentHashMap<>();
    /** {@link MetricsRegistry#removals()} when {@link #timers} was last known current. */
    private volatile long removalsSeen;

    @Context
    private ResourceInfo resourceInfo;

    @Activate
    public HttpMetricsFilter(@Reference MetricsRegistry registry) {
        this.registry = registry;
        this.removalsSeen = registry.removals();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(START_PROPERTY, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object start = request.getProperty(START_PROPERTY);
        if (!(start instanceof Long)) {
            return;
        }
        long nanos = System.nanoTime() - (Long) start;
        String route = resourceInfo == null ? RouteTemplates.UNMATCHED
                : routes.of(resourceInfo.getResourceClass(), resourceInfo.getResourceMethod());
        String method = METHODS.contains(request.getMethod()) ? request.getMethod() : "other";
        long removals = registry.removals();
        if (removals != removalsSeen) {
            // A timer removed from the registry (by whoever removes it) must not keep being recorded into unseen.
            timers.clear();
            removalsSeen = removals;
        }
        timers.computeIfAbsent(new Series(method, route, response.getStatus()), this::register)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer register(Series series) {
        return registry.timer(METER, "REST requests by method, route template and status",
                List.of(Tag.of("method", series.method()), Tag.of("route", series.route()),
                        Tag.of("status", Integer.toString(series.status()))));
    }

    private record Series(String method, String route, int status) {
    }
}
