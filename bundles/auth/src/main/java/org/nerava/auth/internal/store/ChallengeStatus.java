package org.nerava.auth.internal.store;

/** Where a challenge is in its life. Only the newest SENDING or SENT challenge of a phone can be verified. */
public enum ChallengeStatus {
    /** Stored; the provider has been asked to deliver it. */
    SENDING,
    /** The provider accepted it. */
    SENT,
    /** The provider could not deliver it; it does not count for the resend cooldown. */
    FAILED,
    /** A newer code was sent to the same phone. */
    SUPERSEDED,
    /** Used to sign in; never again. */
    VERIFIED
}
