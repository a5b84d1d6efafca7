package org.nerava.platform.internal.rest;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.PersistenceException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single translation from anything a request can throw to an {@code application/problem+json} response.
 * Expected outcomes ({@link ProblemException}, JAX-RS client errors) are answered as they are, redirects thrown as
 * exceptions pass through untouched; anything else is a bug, logged with its stack trace and answered 500 with nothing
 * but the request id to quote.
 */
public final class ProblemResponses {

    public static final String PROBLEM_JSON = "application/problem+json";

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

    /** Headers of a JAX-RS exception's own response that still hold for the problem response (405's Allow, ...). */
    private static final List<String> KEPT_HEADERS = List.of(HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE,
            HttpHeaders.RETRY_AFTER, "Access-Control-Allow-Origin");

    private ProblemResponses() {
    }

    public static Response toResponse(Throwable thrown) {
        ProblemException problem = find(thrown, ProblemException.class);
        if (problem != null) {
            return response(problem.problem(), problem.headers());
        }
        WebApplicationException web = find(thrown, WebApplicationException.class);
        if (web != null && web.getResponse() != null && web.getResponse().getStatus() < 400) {
            // A redirect (or other non-error) thrown as an exception is an answer, not a problem: pass it on as is.
            return web.getResponse();
        }
        if (web != null && web.getResponse() != null && web.getResponse().getStatus() < 500) {
            return fromClientError(web);
        }
        if (isDatabaseUnavailable(thrown)) {
            // The database is down or its pool exhausted: a condition to retry, not a bug (constraint violations are).
            LOG.warn("Database unavailable while serving a request: {}", rootMessage(thrown));
            return response(Problem.of(503, "database_unavailable", "Service unavailable",
                    "the database did not answer; try again shortly"), Map.of(HttpHeaders.RETRY_AFTER, "5"));
        }
        LOG.error("Unexpected failure while serving a request", thrown);
        return response(Problem.of(500, "internal_error", "Internal server error",
                "the server failed unexpectedly; quote the request id when reporting it"), Map.of());
    }

    public static Response response(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder builder = Response.status(problem.getStatus()).type(PROBLEM_JSON).entity(problem);
        headers.forEach(builder::header);
        return builder.build();
    }

    private static Response fromClientError(WebApplicationException web) {
        Response original = web.getResponse();
        int status = original.getStatus();
        Problem problem = switch (status) {
            case 400 -> Problem.of(400, "bad_request", "Bad request", "the request could not be understood");
            case 401 -> Problem.of(401, "unauthorized", "Unauthorized", "credentials are missing or invalid");
            case 403 -> Problem.of(403, "forbidden", "Forbidden", "you may not do this");
            case 404 -> Problem.of(404, "not_found", "Not found", "no resource at this path");
            case 405 -> Problem.of(405, "method_not_allowed", "Method not allowed",
                    "this path does not accept that method; see the Allow header");
            case 406 -> Problem.of(406, "not_acceptable", "Not acceptable",
                    "this resource answers only application/json");
            case 413 -> Problem.of(413, "payload_too_large", "Payload too large", "the request body is too large");
            case 415 -> Problem.of(415, "unsupported_media_type", "Unsupported media type",
                    "send the body as application/json");
            default -> Problem.of(status, "client_error", "Client error", null);
        };
        Response.ResponseBuilder builder = Response.status(status).type(PROBLEM_JSON).entity(problem);
        for (String name : KEPT_HEADERS) {
            List<Object> values = original.getHeaders().get(name);
            if (values != null) {
                values.forEach(v -> builder.header(name, v));
            }
        }
        return builder.build();
    }

    private static boolean isDatabaseUnavailable(Throwable thrown) {
        if (find(thrown, PersistenceException.class) == null && find(thrown, SQLException.class) == null) {
            return false;
        }
        SQLException sql = find(thrown, SQLException.class);
        boolean constraint = find(thrown, SQLIntegrityConstraintViolationException.class) != null
                || sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("23");
        return !constraint;
    }

    private static String rootMessage(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = thrown;
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        // Cause chains can loop (a.initCause(b) after b was built on a); stop at the first one seen twice.
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
