package org.nerava.jetty.edge.internal;

import java.io.IOException;
import java.util.Map;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.nerava.platform.Problem;
import org.nerava.platform.http.ProblemAnswers;

/**
 * Answers TRACE (and TRACK) with a 405 problem before Pax Web's contexts see it. Pax Web refuses TRACE itself, in
 * front of every filter, with a bare {@code sendError(405)} that Jetty sends without a body for that method; so the
 * platform's edge filter never meets it. Wraps the handler Pax Web gave the server ({@code etc/jetty.xml}).
 */
public class TraceRefusal extends HandlerWrapper {

    /** The methods some Nerava path serves; the same list as platform-core's edge filter gives. */
    static final String ALLOWED_ANYWHERE = "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS";

    public TraceRefusal(Handler paxWebHandlers) {
        setHandler(paxWebHandlers);
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String method = request.getMethod();
        if ("TRACE".equals(method) || "TRACK".equals(method)) {
            baseRequest.setHandled(true);
            ProblemAnswers.write(request, response, Problem.of(405, "method_not_allowed", "Method not allowed",
                    "this path does not accept that method; see the Allow header"), Map.of("Allow", ALLOWED_ANYWHERE));
            return;
        }
        super.handle(target, baseRequest, request, response);
    }
}
