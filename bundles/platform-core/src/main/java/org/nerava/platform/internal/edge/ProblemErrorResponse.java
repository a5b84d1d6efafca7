package org.nerava.platform.internal.edge;

import java.io.IOException;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

import org.nerava.platform.Problem;
import org.nerava.platform.http.ProblemAnswers;

/**
 * A response whose {@code sendError} answers a problem instead of the engine's error page: {@code HttpServlet} answers
 * a method it has no {@code doXxx} for with {@code sendError(405)}, or {@code 501} for one it does not know (PATCH);
 * a method the product serves elsewhere is a 405 here, not a 501.
 */
final class ProblemErrorResponse extends HttpServletResponseWrapper {

    private final HttpServletRequest request;

    ProblemErrorResponse(HttpServletRequest request, HttpServletResponse response) {
        super(response);
        this.request = request;
    }

    @Override
    public void sendError(int status) throws IOException {
        sendError(status, null);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        if (isCommitted()) {
            throw new IllegalStateException("the response is already committed");
        }
        boolean rootContext = request.getContextPath().isEmpty();
        Problem problem = problemFor(status, rootContext);
        resetBuffer();
        // An Allow the servlet set before sendError(405) stays: only it knows its methods.
        ProblemAnswers.write(request, (HttpServletResponse) getResponse(), problem,
                problem.getStatus() == 503 ? Map.of("Retry-After", "1") : Map.of());
        flushBuffer();
    }

    /**
     * The problem for a {@code sendError}. In the root context the REST runtime serves {@code /*} and writes its own
     * problems, {@code /healthz} and {@code /metrics} never answer 404: a 404 there comes from the engine's default
     * servlet, which answers while the REST runtime's servlet is not registered (the boot, before platform-core's
     * bundles have started; the shutdown). That is the boot window, answered as the REST runtime answers it.
     */
    static Problem problemFor(int status, boolean rootContext) {
        if (status == 404 && rootContext) {
            return Problem.of(503, "starting", "Service unavailable",
                    "the server is starting; this path may be served in a moment");
        }
        switch (status) {
            case 405, 501:
                return EdgeRules.methodNotAllowed();
            case 404:
                return Problem.of(404, "not_found", "Not found", "nothing is served at this path");
            case 400:
                return Problem.of(400, "bad_request", "Bad request", "the request could not be understood");
            case 503:
                return Problem.of(503, "unavailable", "Service unavailable", "try again in a moment");
            default:
                return status >= 500
                        ? Problem.of(status, "internal_error", "Internal server error",
                                "the server failed unexpectedly; quote the request id when reporting it")
                        : Problem.of(status, "request_refused", "Request refused", "the request was refused");
        }
    }
}
