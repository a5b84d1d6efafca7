package org.nerava.platform.internal.edge;

import java.io.IOException;
import java.util.Map;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.nerava.platform.Problem;
import org.nerava.platform.http.ProblemAnswers;
import org.nerava.platform.internal.rest.RequestTracingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first thing every request meets in every servlet context (the REST application, {@code /healthz},
 * {@code /metrics}, the web apps): it refuses what no servlet should have to parse, and turns the servlet API's own
 * error answers ({@code sendError}: {@code HttpServlet}'s 405 and 501, the engine's 404) into problems. Engine
 * neutral: what the engine refuses before a servlet context is reached is answered by the engine's piece
 * (see docs/architecture.md, "The HTTP edge"). Registered once per servlet context by {@link RequestEdgeFilters}.
 */
final class RequestEdgeFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestEdgeFilter.class);

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = FailFastBody.of((HttpServletRequest) req);
        HttpServletResponse response = (HttpServletResponse) res;
        String rawPath = request.getRequestURI();
        Problem refused = EdgeRules.refusal(request.getMethod(), rawPath, request.getQueryString(),
                request.getHeader("Content-Type"));
        if (refused != null) {
            ProblemAnswers.write(request, response, refused, EdgeRules.headersOf(refused));
            return;
        }
        request.setAttribute(RequestTracingFilter.RAW_PATH_ATTRIBUTE, rawPath);
        ProblemErrorResponse answer = new ProblemErrorResponse(request, response);
        try {
            chain.doFilter(request, answer);
        } catch (ServletException | RuntimeException e) {
            // (An IOException is the connection's, most often a client gone: nothing to answer, the engine logs it.)
            if (response.isCommitted()) {
                throw e;
            }
            // A servlet failed outside every mapper of ours: a bug. The caller gets the request id, the log the trace.
            LOG.error("Unexpected failure while serving {} {}", request.getMethod(), request.getRequestURI(), e);
            response.reset();
            ProblemAnswers.write(request, response, Problem.of(500, "internal_error", "Internal server error",
                    "the server failed unexpectedly; quote the request id when reporting it"), Map.of());
        }
    }
}
