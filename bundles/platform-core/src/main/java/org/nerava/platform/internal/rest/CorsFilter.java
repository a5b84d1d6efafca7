package org.nerava.platform.internal.rest;

import java.util.Map;

import javax.annotation.Priority;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;

import org.nerava.platform.config.LastGoodSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * CORS for the driver and admin web apps. Only origins listed in {@link PlatformConfig#corsAllowedOrigins()} get
 * CORS headers (the PID's metatype is designated by {@link BodySizeLimitFilter}); credentials travel in the {@code Authorization} header, never in cookies, so none are allowed.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class},
        configurationPid = PlatformConfig.PID)
@JaxrsExtension
@JaxrsName("nerava.cors")
@PreMatching
@Priority(150)
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id, Idempotency-Key";
    static final String EXPOSED_HEADERS = "X-Request-Id, Retry-After, Location";

    /** Refused updates are reported by {@link BodySizeLimitFilter}, the other reader of the PID: once is enough. */
    private final LastGoodSettings<PlatformSettings> settings = new LastGoodSettings<>(PlatformConfig.PID);

    @Activate
    @Modified
    void configure(Map<String, ?> properties) {
        settings.update(PlatformSettings.check(properties), PlatformSettings::from);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        boolean preflight = HttpMethod.OPTIONS.equals(request.getMethod())
                && request.getHeaderString("Access-Control-Request-Method") != null;
        if (preflight && isAllowed(origin)) {
            request.abortWith(Response.noContent()
                    .header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Methods", ALLOWED_METHODS)
                    .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .header("Access-Control-Max-Age", "600")
                    .header("Vary", "Origin")
                    .build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        if (isAllowed(origin)) {
            MultivaluedMap<String, Object> headers = response.getHeaders();
            headers.putSingle("Access-Control-Allow-Origin", origin);
            headers.putSingle("Access-Control-Expose-Headers", EXPOSED_HEADERS);
            headers.add("Vary", "Origin");
        }
    }

    boolean isAllowed(String origin) {
        PlatformSettings current = settings.get(); // null until configured: no origin allowed
        return origin != null && current != null && current.corsAllowedOrigins().contains(origin);
    }
}
