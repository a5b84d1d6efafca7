package org.nerava.platform.audit;

import java.util.Objects;

/**
 * What to record.
 *
 * @param actor who acted: a Karaf user name, {@code shell:<user>}, or {@code system}
 * @param action what they did, dotted lower case, e.g. {@code otp.provider.switch}
 * @param target what they did it to, e.g. a provider id; may be null
 * @param outcome how it ended
 * @param detail a short explanation; never secrets, codes or full phone numbers; may be null
 */
public record AuditRecord(String actor, String action, String target, AuditOutcome outcome, String detail) {

    public AuditRecord {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }
}
