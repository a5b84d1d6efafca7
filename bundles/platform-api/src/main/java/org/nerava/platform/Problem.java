package org.nerava.platform;

import java.util.Objects;

/**
 * An RFC 9457 problem detail: the one error body every Nerava endpoint answers with.
 *
 * <p>{@code code} is the stable identifier clients switch on (for example {@code invalid_phone}); {@code title} is a
 * short human summary of that code, {@code detail} explains this occurrence. {@code type} is derived from the code as
 * {@code urn:nerava:problem:<code>}. {@code requestId} ties the body to the server's access log; it is filled in by
 * the platform, never by the bundle that raised the problem.
 */
public final class Problem {

    private static final String TYPE_PREFIX = "urn:nerava:problem:";

    private final int status;
    private final String code;
    private final String title;
    private final String detail;
    private final String requestId;

    private Problem(int status, String code, String title, String detail, String requestId) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem has a 4xx or 5xx status, not " + status);
        }
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.title = Objects.requireNonNull(title, "title");
        this.detail = detail;
        this.requestId = requestId;
    }

    /**
     * @param status HTTP status, 400–599
     * @param code stable machine-readable code, snake_case
     * @param title short summary of the code, the same for every occurrence
     * @param detail what went wrong this time, safe to show to the caller (no secrets, codes or stack traces)
     */
    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(status, code, title, detail, null);
    }

    /** The same problem, tagged with the id of the request that caused it. */
    public Problem withRequestId(String id) {
        return new Problem(status, code, title, detail, id);
    }

    public String getType() {
        return TYPE_PREFIX + code;
    }

    public String getTitle() {
        return title;
    }

    public int getStatus() {
        return status;
    }

    public String getDetail() {
        return detail;
    }

    public String getCode() {
        return code;
    }

    public String getRequestId() {
        return requestId;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Problem)) {
            return false;
        }
        Problem other = (Problem) o;
        return status == other.status && code.equals(other.code) && title.equals(other.title)
                && Objects.equals(detail, other.detail) && Objects.equals(requestId, other.requestId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, code, title, detail, requestId);
    }

    @Override
    public String toString() {
        return status + " " + code + (detail == null ? "" : ": " + detail);
    }
}
