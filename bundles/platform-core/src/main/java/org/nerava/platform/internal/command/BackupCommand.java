package org.nerava.platform.internal.command;

import java.nio.file.Paths;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.nerava.platform.audit.AuditActors;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.internal.backup.OnlineBackup;
import org.nerava.platform.internal.backup.OnlineBackup.BackupRefused;
import org.nerava.platform.internal.backup.OnlineBackup.Written;

@Service
@Command(scope = "nerava", name = "backup",
        description = "Writes a consistent copy of the embedded H2 database to a zip file while the server serves (audited)")
public class BackupCommand implements Action {

    static final String ACTION = "database.backup";

    @Argument(index = 0, name = "file", required = true,
            description = "The zip file to write, on the server's machine; it must not exist yet")
    String file;

    @Reference
    OnlineBackup backup;

    @Reference
    AuditTrail audit;

    @Reference
    Session session;

    @Override
    public Object execute() {
        String actor = AuditActors.shell(session.get("USER"));
        try {
            Written written = backup.backupTo(Paths.get(file));
            audit.record(new AuditRecord(actor, ACTION, written.file().toString(), AuditOutcome.SUCCESS,
                    written.bytes() + " bytes in " + written.millis() + " ms"));
            System.out.println("Backup written: " + written.file() + " (" + written.bytes() + " bytes, "
                    + written.millis() + " ms). Restore it with bin/nerava-restore " + written.file());
        } catch (BackupRefused refused) {
            audit.record(new AuditRecord(actor, ACTION, file, AuditOutcome.FAILURE, refused.getMessage()));
            // Karaf prints it as "Error executing command: No backup: ..." and the shell's status is a failure.
            throw new IllegalStateException("No backup: " + refused.getMessage(), refused);
        }
        return null;
    }
}
