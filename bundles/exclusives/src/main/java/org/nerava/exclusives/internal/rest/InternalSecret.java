package org.nerava.exclusives.internal.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;

/**
 * The {@code X-Internal-Secret} rule of the internal endpoints: 404 while no secret is configured (the endpoint
 * does not exist), 403 for a missing or wrong one. The comparison takes the same time whatever the guess: both
 * values are hashed first, so neither their contents nor their lengths show in the timing.
 */
final class InternalSecret {

    static final String HEADER = "X-Internal-Secret";

    private InternalSecret() {
    }

    static void check(String configured, String presented) {
        if (configured == null || configured.isEmpty()) {
            // The platform's answer for a path nothing serves.
            throw new ProblemException(Problem.of(404, "not_found", "Not found", "no resource at this path"));
        }
        if (presented == null || !matches(configured, presented)) {
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden",
                    HEADER + " is missing or wrong"));
        }
    }

    static boolean matches(String configured, String presented) {
        return MessageDigest.isEqual(sha256(configured), sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
