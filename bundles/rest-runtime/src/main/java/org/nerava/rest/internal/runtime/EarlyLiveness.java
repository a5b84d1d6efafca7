package org.nerava.rest.internal.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.nerava.platform.http.RequestIdHeader;

/**
 * {@code GET /healthz} when it reaches the runtime's catch-all servlet: platform-core's health servlet (exact
 * pattern, which wins once registered) is not registered with the HTTP server yet, early in the boot. The server
 * answering at all is what liveness means, so the answer is the health servlet's own 200, never a 503 or 404.
 */
final class EarlyLiveness {

    static final String PATH = "/healthz";
    private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private EarlyLiveness() {
    }

    /** True when it answered the request. */
    static boolean answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!PATH.equals(request.getPathInfo())) {
            return false;
        }
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        response.setHeader(RequestIdHeader.NAME, RequestIdHeader.accept(request.getHeader(RequestIdHeader.NAME)));
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setContentLength(OK.length);
        if ("GET".equals(method)) {
            response.getOutputStream().write(OK);
        }
        return true;
    }
}
