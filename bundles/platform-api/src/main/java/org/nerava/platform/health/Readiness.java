package org.nerava.platform.health;

import java.util.Map;
import java.util.Objects;

/**
 * The result of a {@link ReadinessCheck}.
 *
 * @param status up, degraded or down
 * @param detail one line for an operator, or null
 * @param details extra figures (counts, names); values must serialise to JSON (strings, numbers, booleans, lists,
 *        maps)
 */
public record Readiness(Status status, String detail, Map<String, Object> details) {

    public enum Status {
        UP, DEGRADED, DOWN
    }

    public Readiness {
        Objects.requireNonNull(status, "status");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static Readiness up(String detail) {
        return new Readiness(Status.UP, detail, Map.of());
    }

    public static Readiness degraded(String detail) {
        return new Readiness(Status.DEGRADED, detail, Map.of());
    }

    public static Readiness down(String detail) {
        return new Readiness(Status.DOWN, detail, Map.of());
    }

    public Readiness withDetails(Map<String, Object> extra) {
        return new Readiness(status, detail, extra);
    }
}
