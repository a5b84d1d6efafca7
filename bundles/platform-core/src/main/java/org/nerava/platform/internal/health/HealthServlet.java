package org.nerava.platform.internal.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.nerava.platform.http.ReadOnlyServlet;
import org.nerava.platform.internal.rest.RequestTracingFilter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Liveness: {@code GET /healthz} answers {@code {"status":"ok"}} as long as the HTTP server runs. It is a plain
 * servlet, not a JAX-RS resource: it touches no database, provider or network, and does not even depend on the
 * JAX-RS runtime, whose application is rebuilt whenever a feature adds or removes endpoints.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(HealthServlet.PATH)
public class HealthServlet extends ReadOnlyServlet {

    static final String PATH = "/healthz";
    static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(RequestTracingFilter.HEADER, requestId(request));
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setContentLength(OK.length);
        response.getOutputStream().write(OK);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader(RequestTracingFilter.HEADER, requestId(request));
        response.setContentType("application/json");
        response.setContentLength(OK.length);
    }

    private static String requestId(HttpServletRequest request) {
        return RequestTracingFilter.requestId(request.getHeader(RequestTracingFilter.HEADER));
    }
}
