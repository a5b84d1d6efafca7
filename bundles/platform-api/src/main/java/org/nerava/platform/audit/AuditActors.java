package org.nerava.platform.audit;

/** How an actor is named in the audit trail, the same way by every feature. */
public final class AuditActors {

    private AuditActors() {
    }

    /**
     * The actor of a shell command: {@code shell:<user>} for a user signed in over SSH, {@code shell:console} for
     * the local console (Karaf's session has no user there).
     *
     * @param sessionUser the shell session's {@code USER} value, or {@code null}
     */
    public static String shell(Object sessionUser) {
        return "shell:" + (sessionUser == null ? "console" : sessionUser);
    }
}
