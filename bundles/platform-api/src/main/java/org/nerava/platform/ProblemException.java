package org.nerava.platform;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Thrown by a resource (or anything it calls) to answer with a {@link Problem}. The platform's exception mapper
 * turns it into an {@code application/problem+json} response with the problem's status and any extra headers
 * (for example {@code Retry-After} on a 429).
 *
 * <p>It carries no stack trace: it is an expected outcome, not a bug, and building traces for every rejected
 * request would cost more than the request.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(Objects.requireNonNull(problem, "problem").toString(), null, false, false);
        this.problem = problem;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public Problem problem() {
        return problem;
    }

    /** Extra response headers, such as {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * For request DTOs: call from a record's compact constructor so a body without the field is refused with 400
     * {@code missing_field} naming it, before any resource code runs.
     *
     * @return the value, when present
     */
    public static <T> T requireField(T value, String field) {
        if (value == null || (value instanceof String && ((String) value).isBlank())) {
            throw badRequest("missing_field", "field '" + field + "' is required");
        }
        return value;
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(Problem.of(400, code, "Bad request", detail));
    }

    public static ProblemException unauthorized(String code, String detail) {
        return new ProblemException(Problem.of(401, code, "Unauthorized", detail));
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(Problem.of(404, code, "Not found", detail));
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(Problem.of(409, code, "Conflict", detail));
    }

    public static ProblemException unprocessable(String code, String detail) {
        return new ProblemException(Problem.of(422, code, "Unprocessable request", detail));
    }

    /** A 429 that tells the caller when to try again, in whole seconds (at least 1). */
    public static ProblemException tooManyRequests(String code, String detail, long retryAfterSeconds) {
        return new ProblemException(Problem.of(429, code, "Too many requests", detail),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }

    public static ProblemException unavailable(String code, String detail) {
        return new ProblemException(Problem.of(503, code, "Service unavailable", detail));
    }
}
