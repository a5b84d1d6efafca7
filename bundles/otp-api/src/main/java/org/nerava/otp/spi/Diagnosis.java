package org.nerava.otp.spi;

import java.util.Map;

/**
 * What {@code diagnose()} found.
 *
 * @param healthy whether the provider could serve a sign-in now
 * @param detail one line for an operator, e.g. "Verify service VA… reachable" or "authentication failed (20003)";
 *        never a secret
 * @param details extra facts (service names, latency), strings and numbers only
 */
public record Diagnosis(boolean healthy, String detail, Map<String, Object> details) {

    public Diagnosis {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static Diagnosis healthy(String detail) {
        return new Diagnosis(true, detail, Map.of());
    }

    public static Diagnosis unhealthy(String detail) {
        return new Diagnosis(false, detail, Map.of());
    }
}
