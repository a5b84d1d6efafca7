package org.nerava.auth.internal.provider;

/** The two shapes of provider in {@code org.nerava.otp.spi}. */
public enum ProviderKind {
    /** An {@code OtpVerifier}: makes, sends and checks its own codes. */
    VERIFIER,
    /** A {@code CodeDelivery}: only sends the code Nerava made. */
    DELIVERY
}
