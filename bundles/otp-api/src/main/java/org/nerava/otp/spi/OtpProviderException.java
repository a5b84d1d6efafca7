package org.nerava.otp.spi;

import java.util.Objects;

/**
 * Why a provider could not do what was asked. Complete the returned stage exceptionally with it; Nerava maps each
 * {@link Reason} to the driver's answer, the circuit breaker and the fallback chain.
 */
public class OtpProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as the driver and the operator are concerned. */
    public enum Reason {
        /** The provider says the number cannot receive codes (bad number, landline, unsupported). Not a fault. */
        INVALID_PHONE,
        /** The provider limits sends or checks for this number; the driver should wait. Not a fault. */
        RATE_LIMITED,
        /** The provider refuses this destination (fraud guard, region not enabled). Not a fault of the provider. */
        REFUSED,
        /** Credentials or configuration are wrong: an operator must act. Counts as a fault. */
        MISCONFIGURED,
        /** The provider did not answer in time. Counts as a fault; do not retry a send. */
        TIMEOUT,
        /** The provider is down or answered with an error. Counts as a fault. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final String providerCode;

    /**
     * @param reason what went wrong
     * @param providerCode the provider's own error code (e.g. Twilio's {@code 60200}), for operators; may be null
     * @param message one line for an operator; no secrets, codes or full phone numbers
     */
    public OtpProviderException(Reason reason, String providerCode, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.providerCode = providerCode;
    }

    public OtpProviderException(Reason reason, String message) {
        this(reason, null, message, null);
    }

    public Reason reason() {
        return reason;
    }

    public String providerCode() {
        return providerCode;
    }

    /** Whether this failure says the provider is unhealthy (and should count towards opening its circuit breaker). */
    public boolean isProviderFault() {
        return reason == Reason.MISCONFIGURED || reason == Reason.TIMEOUT || reason == Reason.UNAVAILABLE;
    }
}
