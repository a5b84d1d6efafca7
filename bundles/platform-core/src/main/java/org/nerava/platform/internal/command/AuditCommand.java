package org.nerava.platform.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditQuery;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.audit.AuditVerification;

@Service
@Command(scope = "nerava", name = "audit", description = "Lists the audit trail, newest first; --verify checks its"
        + " hash chain")
public class AuditCommand implements Action {

    @Option(name = "-n", aliases = "--limit", description = "How many entries to show (1-500)")
    int limit = 20;

    @Option(name = "--actor", description = "Only entries of this actor")
    String actor;

    @Option(name = "--action", description = "Only entries of this action")
    String action;

    @Option(name = "--verify", description = "Check that no entry was changed, removed or reordered")
    boolean verify;

    @Reference
    AuditTrail audit;

    @Override
    public Object execute() {
        if (verify) {
            AuditVerification result = audit.verify();
            if (!result.intact()) {
                // Thrown: the shell prints it and a script sees the command fail.
                throw new IllegalStateException("Audit trail NOT intact after " + result.checked() + " good entries:"
                        + " entry " + result.firstBadSeq() + (result.firstBadId() == null ? "" : " (id "
                        + result.firstBadId() + ")") + ": " + result.reason());
            }
            System.out.println("Audit trail intact: " + result.checked() + " chained entries verified");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Time");
        table.column("Actor");
        table.column("Action");
        table.column("Target");
        table.column("Outcome");
        table.column("Detail");
        for (AuditEntry entry : audit.find(new AuditQuery(actor, action, 0, Math.max(1, Math.min(limit, 500))))) {
            table.addRow().addContent(entry.at(), entry.actor(), entry.action(), nullToEmpty(entry.target()),
                    entry.outcome(), nullToEmpty(entry.detail()));
        }
        table.print(System.out);
        return null;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
