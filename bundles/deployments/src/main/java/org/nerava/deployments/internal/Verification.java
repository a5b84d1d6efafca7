package org.nerava.deployments.internal;

import java.util.Locale;

/**
 * What became of a deployment after its run succeeded: its target's {@code verifyUrl} is asked until it answers 2xx
 * or the verification window ends. Null on a deployment whose run has not succeeded.
 */
public enum Verification {
    /** The run succeeded; the target's {@code verifyUrl} has not answered 2xx yet and the window is still open. */
    PENDING,
    /** The target's {@code verifyUrl} answered 2xx within the window. */
    PASSED,
    /** The window ended without a 2xx answer; {@code error} says what the URL answered last. */
    FAILED,
    /** No {@code verifyUrl} for the target: the run's success is all there is. */
    SKIPPED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A deployment a rollback may go back to as far as verification is concerned. */
    public static boolean good(Verification verification) {
        return verification == null || verification == PASSED || verification == SKIPPED;
    }
}
