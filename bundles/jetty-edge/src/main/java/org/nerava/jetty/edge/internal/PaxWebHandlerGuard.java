package org.nerava.jetty.edge.internal;

import java.io.IOException;
import java.util.Map;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.nerava.platform.Problem;
import org.nerava.platform.http.ProblemAnswers;

/**
 * Wraps the handlers Pax Web gives the server ({@code etc/jetty.xml}) so that what Pax Web's servlet contexts answer
 * by themselves is a problem too:
 * <ul>
 * <li>TRACE (and TRACK) is a 405 problem. Pax Web refuses TRACE inside each context, before every filter, with a bare
 * {@code sendError(405)} that Jetty sends without a body for that method.</li>
 * <li>An error a context sends itself (its default servlet's 404 before the platform's servlets and filter are
 * registered, a servlet that is unavailable) goes to the server's {@link ProblemErrorHandler}, not to the
 * {@code ErrorPageErrorHandler} Pax Web gives every context (Jetty's HTML page): Jetty picks a context's handler by the
 * request attribute {@link ErrorHandler#ERROR_CONTEXT}, which this removes. The platform's edge filter writes the
 * errors of the servlets it stands in front of before they reach Jetty, so this sees only the engine's own.</li>
 * </ul>
 */
public class PaxWebHandlerGuard extends HandlerWrapper {

    /** The methods some Nerava path serves; the same list as platform-core's edge filter gives. */
    static final String ALLOWED_ANYWHERE = "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS";

    public PaxWebHandlerGuard(Handler paxWebHandlers) {
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
        try {
            super.handle(target, baseRequest, request, response);
        } finally {
            if (baseRequest.getHttpChannelState().isSendError()) {
                baseRequest.removeAttribute(ErrorHandler.ERROR_CONTEXT);
            }
        }
    }
}
