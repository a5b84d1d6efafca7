package org.nerava.platform.config;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;

/**
 * Records each refused update of a PID once in the audit trail: action {@value #ACTION}, actor {@code system}, target
 * the PID, outcome {@code FAILURE}, the refused keys and what serves meanwhile as detail. The trail is optional to the
 * settings component that owns this (bind it {@code OPTIONAL}, {@code DYNAMIC}, {@code GREEDY}): a refusal made before
 * the trail is there, a bad file at boot, is recorded once it comes. Recording happens off the caller's thread (Config
 * Admin's), because the trail writes to the database.
 */
public final class RefusalAudit {

    /** The audit action of a refused configuration update. */
    public static final String ACTION = "config.refused";

    private final String pid;
    private final Consumer<String> notRecorded;
    private AuditTrail trail;
    /** The refusal not recorded yet; null when there is none. */
    private String pending;

    /**
     * @param pid the PID whose refusals are recorded
     * @param notRecorded told why a refusal could not be recorded, for the bundle's log
     */
    public RefusalAudit(String pid, Consumer<String> notRecorded) {
        this.pid = pid;
        this.notRecorded = notRecorded;
    }

    /** Records what {@link LastGoodSettings#update} refused; nothing when it refused nothing. */
    public synchronized void refused(LastGoodSettings.Update update) {
        if (update.refused().isEmpty()) {
            return;
        }
        pending = update.refused().stream().map(p -> p.key() + " = '" + p.value() + "' refused: " + p.allowed())
                .collect(Collectors.joining("; ")) + "; serving " + update.serving();
        record();
    }

    public synchronized void bind(AuditTrail next) {
        trail = next;
        record();
    }

    public synchronized void unbind(AuditTrail gone) {
        if (trail == gone) {
            trail = null;
        }
    }

    private void record() {
        String detail = pending;
        AuditTrail current = trail;
        if (detail == null || current == null) {
            return;
        }
        pending = null;
        CompletableFuture.runAsync(() -> {
            try {
                current.record(new AuditRecord("system", ACTION, pid, AuditOutcome.FAILURE, detail));
            } catch (RuntimeException e) {
                notRecorded.accept(e.toString());
            }
        });
    }
}
