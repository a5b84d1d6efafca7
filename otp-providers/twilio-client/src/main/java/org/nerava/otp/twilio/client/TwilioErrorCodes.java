package org.nerava.otp.twilio.client;

/**
 * The {@link org.nerava.otp.spi.OtpProviderException#providerCode() provider codes} a {@link TwilioAccount} call
 * fails with. When Twilio answered with an error the code is Twilio's own number (a few are named here because
 * providers act on them); otherwise it is one of the transport codes below.
 */
public final class TwilioErrorCodes {

    /** Twilio: the resource was not found; on a Verify check, the verification expired or was never started. */
    public static final String NOT_FOUND = "20404";
    /** Twilio: authentication failed (account SID or auth token wrong). */
    public static final String AUTHENTICATION_FAILED = "20003";
    /** Twilio Verify: a parameter was invalid (on a start, usually the phone number). */
    public static final String INVALID_PARAMETER = "60200";
    /** Twilio Verify: too many checks for this verification; the driver needs a new code. */
    public static final String MAX_CHECK_ATTEMPTS = "60202";
    /** Twilio Verify: too many sends to this number. */
    public static final String MAX_SEND_ATTEMPTS = "60203";

    /** The account is not configured (or configured wrongly); nothing was sent. */
    public static final String NOT_CONFIGURED = "not_configured";
    /** All of the account's threads were busy and its queue full; nothing was sent. */
    public static final String BUSY = "busy";
    /** The call waited in the queue past its deadline; nothing was sent. */
    public static final String NOT_SENT = "not_sent";
    /** Twilio's API could not be reached (connection refused, unknown host, no route, TLS handshake); nothing sent. */
    public static final String UNREACHABLE = "unreachable";
    /** The connection could not be made within the connect timeout; nothing was sent. */
    public static final String CONNECT_TIMEOUT = "connect_timeout";
    /** No answer within the read timeout, or the overall deadline; Twilio may have processed the request. */
    public static final String READ_TIMEOUT = "read_timeout";
    /** The connection broke after the request was sent; Twilio may have processed it. */
    public static final String NO_RESPONSE = "no_response";
    /** Twilio answered with something that is not the JSON it documents. */
    public static final String MALFORMED_RESPONSE = "malformed_response";
    /** An HTTP error status without a Twilio error code: {@code http_<status>}, e.g. {@code http_503}. */
    public static final String HTTP_PREFIX = "http_";

    private TwilioErrorCodes() {
    }
}
