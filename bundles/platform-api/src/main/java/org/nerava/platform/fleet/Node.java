package org.nerava.platform.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One node as it last recorded itself.
 *
 * @param id stable for a node's data directory
 * @param state {@code up} (seen recently), {@code stale} (not seen for a while: stopped hard, hung or cut off) or
 *        {@code stopped} (said so as it stopped)
 * @param ready whether its {@code /readyz} said ready when it last recorded itself
 * @param otpProviders the OTP providers it applies, the active one first (empty when sign-in is not installed)
 * @param features the Nerava features installed on it
 * @param self whether this is the node answering
 */
public record Node(String id, String host, int httpPort, String version, Instant startedAt, Instant lastSeenAt,
        String state, boolean ready, List<String> otpProviders, List<String> features, boolean self) {

    public Node {
        Objects.requireNonNull(id, "id");
        otpProviders = List.copyOf(otpProviders);
        features = List.copyOf(features);
    }
}
