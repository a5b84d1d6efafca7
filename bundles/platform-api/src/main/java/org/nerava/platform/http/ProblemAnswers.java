package org.nerava.platform.http;

import java.io.IOException;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.nerava.platform.Problem;
import org.nerava.platform.RequestIds;

/**
 * Answers a servlet request with a problem, as the REST application would: the status, {@code X-Request-Id} (the
 * request's id when the platform gave it one, else the caller's when sane, else a new one) also in the body,
 * {@code Cache-Control: no-store}, and the given headers ({@code Retry-After}, {@code WWW-Authenticate}, ...).
 */
public final class ProblemAnswers {

    private ProblemAnswers() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, Problem problem,
            Map<String, String> headers) throws IOException {
        Object known = request.getAttribute(RequestIds.ATTRIBUTE);
        String requestId = known instanceof String ? (String) known
                : RequestIdHeader.accept(request.getHeader(RequestIdHeader.NAME));
        byte[] body = ProblemJson.bytes(problem.withRequestId(requestId));
        response.setStatus(problem.getStatus());
        response.setHeader(RequestIdHeader.NAME, requestId);
        response.setHeader("Cache-Control", "no-store");
        headers.forEach(response::setHeader);
        response.setContentType(ProblemJson.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
