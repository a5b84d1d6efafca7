package org.nerava.exclusives.internal.session;

/** A reward earned by a completed exclusive session ({@code createdAt} in epoch milliseconds). */
public record RewardEvent(String id, String sessionId, String driverId, String merchantId, String kind,
        long createdAt) {

    /** The one kind so far: a visit completed within its session. */
    public static final String VERIFIED_VISIT = "verified_visit";
}
