package org.nerava.admin.internal.command;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nerava.admin.internal.guard.FailureStore;
import org.nerava.admin.internal.guard.Lock;

@Service
@Command(scope = "nerava", name = "admin-locks",
        description = "Lists the user names and client addresses with failed admin sign-ins in the last hour and their"
                + " locks; --clear lifts one")
public class AdminLocksCommand extends ShellAuditedAction {

    static final String ACTION = "admin.unlock";
    private static final long LISTED_MILLIS = 3_600_000;

    @Option(name = "--clear", description = "Lift this lock and forget its failures, e.g. user:ops or"
            + " address:203.0.113.9 (audited)")
    String clear;

    @Reference
    FailureStore failures;

    @Override
    public Object execute() {
        if (clear != null) {
            boolean lifted = failures.unlock(clear);
            audit(ACTION, clear, lifted, lifted ? "lock lifted" : "no such lock");
            System.out.println(lifted ? "Lifted: " + clear : "No failures recorded for " + clear);
            return null;
        }
        long now = System.currentTimeMillis();
        ShellTable table = new ShellTable();
        table.column("Failed sign-ins of");
        table.column("Failures");
        table.column("Locked until");
        for (Lock lock : failures.failuresSince(now - LISTED_MILLIS)) {
            table.addRow().addContent(lock.key(), lock.failures(), lock.lockedUntil() > now
                    ? Instant.ofEpochMilli(lock.lockedUntil()) + " (" + lock.retryAfterSeconds(now) + " s)" : "-");
        }
        table.print(System.out);
        return null;
    }
}
