package org.nerava.auth.internal.provider;

import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.OtpVerifier;

/** A provider service bound right now, under its {@code otp.provider} id. */
public record BoundProvider(String id, ProviderKind kind, Object service) {

    public OtpVerifier verifier() {
        return (OtpVerifier) service;
    }

    public CodeDelivery delivery() {
        return (CodeDelivery) service;
    }
}
