package org.nerava.platform;

/**
 * Where a feature finds the id of the request it serves: the platform checks the caller's {@code X-Request-Id} (or
 * makes one), echoes it on the response and in problem bodies, and stores it as this request attribute
 * ({@code HttpServletRequest.getAttribute(ATTRIBUTE)}). Pass it on to downstream calls (an OTP provider, a webhook)
 * so one id follows a request everywhere.
 */
public final class RequestIds {

    /** The servlet request attribute holding the request id, a string of at most 64 safe characters. */
    public static final String ATTRIBUTE = "nerava.request_id";

    private RequestIds() {
    }
}
