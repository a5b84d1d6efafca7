package org.nerava.auth.internal.store;

/** A read-only view of one challenge; times in epoch milliseconds. */
public record Challenge(String id, String phoneE164, String codeHmac, String provider, ChallengeStatus status,
        long createdAt, long expiresAt, int attempts, Long consumedAt) {

    public boolean isExpired(long nowMillis) {
        return nowMillis >= expiresAt;
    }

    /** Whether Nerava made (and hashed) the code, rather than a verification service. */
    public boolean isLocallyChecked() {
        return codeHmac != null;
    }
}
