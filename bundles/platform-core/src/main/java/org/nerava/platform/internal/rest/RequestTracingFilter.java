package org.nerava.platform.internal.rest;

import javax.annotation.Priority;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;

import org.nerava.platform.Problem;
import org.nerava.platform.RequestIds;
import org.nerava.platform.http.RequestIdHeader;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every request an id (the client's {@code X-Request-Id} when it is sane, else a new UUID), echoes it on the
 * response and in every problem body, and writes one access-log line per request to logger {@code org.nerava.access}.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class})
@JaxrsExtension
@JaxrsName("nerava.tracing")
@PreMatching
@Priority(100)
public class RequestTracingFilter implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String HEADER = RequestIdHeader.NAME;
    static final String MDC_KEY = "request_id";
    /**
     * The request's path as the client sent it ({@code HttpServletRequest.getRequestURI()}), a request attribute set by
     * the HTTP edge's filter in front of every servlet: the access log reads it instead of having CXF build and parse
     * the request's URI twice for the same path (5% of a JAX-RS request's CPU samples, JFR).
     */
    public static final String RAW_PATH_ATTRIBUTE = "org.nerava.raw_path";

    private static final String ID_PROPERTY = RequestIds.ATTRIBUTE;
    private static final String START_PROPERTY = "nerava.request_start";
    private static final Logger ACCESS = LoggerFactory.getLogger("org.nerava.access");

    @Override
    public void filter(ContainerRequestContext request) {
        String id = requestId(request.getHeaderString(HEADER));
        request.setProperty(ID_PROPERTY, id);
        request.setProperty(START_PROPERTY, System.nanoTime());
        MDC.put(MDC_KEY, id);
    }

    /** The client's id when it is sane (1–64 of {@code A-Z a-z 0-9 . _ : -}), else a new UUID. */
    public static String requestId(String offered) {
        return RequestIdHeader.accept(offered);
    }

    /**
     * {@code GET /v1/sessions 200 0.417ms rid=...}: what {@code "{} {} {} {}ms rid={}"} made of the same values,
     * concatenated here without the pattern's parsing and boxing.
     */
    static String accessLine(String method, String rawPath, int status, long micros, String id) {
        return method + ' ' + rawPath + ' ' + status + ' ' + (micros / 1000.0) + "ms rid=" + id;
    }

    private static String rawPath(ContainerRequestContext request) {
        Object path = request.getProperty(RAW_PATH_ATTRIBUTE);
        return path instanceof String ? (String) path : request.getUriInfo().getRequestUri().getRawPath();
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String id = (String) request.getProperty(ID_PROPERTY);
        if (id == null) {
            // The request failed before the request filter ran (e.g. rejected by the runtime itself).
            id = RequestIdHeader.newId();
        }
        response.getHeaders().putSingle(HEADER, id);
        if (response.getEntity() instanceof Problem) {
            response.setEntity(((Problem) response.getEntity()).withRequestId(id), response.getEntityAnnotations(),
                    response.getMediaType());
        }
        Object start = request.getProperty(START_PROPERTY);
        long micros = start instanceof Long ? (System.nanoTime() - (Long) start) / 1_000 : -1;
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info(accessLine(request.getMethod(), rawPath(request), response.getStatus(), micros, id));
        }
        MDC.remove(MDC_KEY);
    }
}
