package org.nerava.metrics.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import javax.annotation.Priority;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;

import io.micrometer.core.instrument.Tag;

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

    @Context
    private ResourceInfo resourceInfo;

    @Activate
    public HttpMetricsFilter(@Reference MetricsRegistry registry) {
        this.registry = registry;
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
        registry.timer(METER, "REST requests by method, route template and status",
                List.of(Tag.of("method", METHODS.contains(request.getMethod()) ? request.getMethod() : "other"), Tag.of("route", route),
                        Tag.of("status", Integer.toString(response.getStatus()))))
                .record(Duration.ofNanos(nanos));
    }
}
