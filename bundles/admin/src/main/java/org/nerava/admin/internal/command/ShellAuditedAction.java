package org.nerava.admin.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.nerava.platform.audit.AuditActors;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;

/** A shell command whose changes are audited as the shell user who ran it (Karaf injects superclass fields too). */
abstract class ShellAuditedAction implements Action {

    @Reference
    AuditTrail audit;

    @Reference
    Session session;

    void audit(String action, String target, boolean succeeded, String detail) {
        audit.record(new AuditRecord(AuditActors.shell(session.get("USER")), action, target,
                succeeded ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE, detail));
    }
}
