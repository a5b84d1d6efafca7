package org.nerava.exclusives.internal.session;

/**
 * Where an exclusive session stands. {@code EXPIRED} is written when an expired session is next touched; until then
 * an {@code ACTIVE} row past its {@code expires_at} is shown as expired all the same.
 */
public enum SessionStatus {
    ACTIVE,
    COMPLETED,
    EXPIRED
}
