package org.nerava.otp.spi;

/** The outcome of {@link OtpVerifier#check}. */
public enum OtpCheck {
    /** The code is right; the driver is signed in. */
    APPROVED,
    /** The code is wrong (or was never sent); the driver may try again. */
    REJECTED,
    /** The code was right once but is no longer valid; the driver needs a new one. */
    EXPIRED,
    /** Too many wrong codes; the driver needs a new one. */
    MAX_ATTEMPTS
}
