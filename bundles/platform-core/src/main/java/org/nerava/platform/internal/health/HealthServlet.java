package org.nerava.platform.internal.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

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
public class HealthServlet extends HttpServlet {

    static final String PATH = "/healthz";
    static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private static final long serialVersionUID = 1L;

    /**
     * Only GET, HEAD and OPTIONS; any other method is a 405 naming them ({@code HttpServlet} answers PATCH with 501
     * and the others with a 405 without {@code Allow}). The platform's edge filter writes the problem body.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> super.service(request, response);
            default -> {
                response.setHeader("Allow", "GET, HEAD, OPTIONS");
                response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            }
        }
    }

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
