package org.nerava.deployments.internal.github;

/**
 * GitHub refused a dispatch, failed, or did not answer in time. The message is for people (an operator or an admin):
 * GitHub's status and message and what to check; it never holds the token.
 */
public final class DispatchFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean mayHaveStarted;

    DispatchFailedException(int status, String message, boolean mayHaveStarted) {
        super(message, null, false, false);
        this.status = status;
        this.mayHaveStarted = mayHaveStarted;
    }

    /** GitHub's HTTP status, or 0 when there was no answer (connection failed, timed out). */
    public int status() {
        return status;
    }

    /** True when the request may have reached GitHub (a timeout after sending): check Actions before retrying. */
    public boolean mayHaveStarted() {
        return mayHaveStarted;
    }
}
