package org.nerava.jetty.edge.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.nerava.platform.Problem;
import org.nerava.platform.http.ProblemAnswers;
import org.nerava.platform.http.ProblemJson;
import org.nerava.platform.http.RequestIdHeader;

/**
 * Jetty's server-wide error handler (set in {@code etc/jetty.xml}): what the engine refuses before any servlet context
 * is reached is a problem, like every other answer. Two ways in: {@link #badMessageError} for a request Jetty could
 * not parse (request line, headers, URI, body framing: there is no request object yet), {@link #doError} for an
 * error Jetty sends outside every context. Errors inside a context go through the platform's edge filter instead.
 */
public class ProblemErrorHandler extends ErrorHandler {

    static final Problem STARTING = Problem.of(503, "starting", "Service unavailable",
            "the server is starting or stopping; try again in a moment");

    public ProblemErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    /** A problem body for every method, not only GET, POST and HEAD (Jetty's default: an empty body). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        String requestId = RequestIdHeader.newId();
        fields.put(RequestIdHeader.NAME, requestId);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        fields.put(HttpHeader.CONTENT_TYPE, ProblemJson.MEDIA_TYPE);
        return ByteBuffer.wrap(ProblemJson.bytes(EngineProblems.of(status).withRequestId(requestId)));
    }

    /**
     * An error Jetty sends outside every servlet context. A 404 there means no context serves the path at all: the
     * REST runtime serves {@code /*} of the default context, so that happens only while the platform's servlets are
     * not registered yet (the boot, Pax Web opens the port first) or no longer (the shutdown). It is answered as the
     * REST runtime answers its own boot window: {@code 503 starting} with {@code Retry-After}.
     */
    @Override
    public void doError(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        try {
            if (response.getStatus() == HttpServletResponse.SC_NOT_FOUND) {
                ProblemAnswers.write(request, response, STARTING, Map.of("Retry-After", "1"));
            } else {
                ProblemAnswers.write(request, response, EngineProblems.of(response.getStatus()), Map.of());
            }
        } finally {
            baseRequest.setHandled(true);
        }
    }
}
