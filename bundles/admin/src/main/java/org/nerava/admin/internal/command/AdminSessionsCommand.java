package org.nerava.admin.internal.command;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nerava.admin.internal.session.AdminSession;
import org.nerava.admin.internal.session.AdminSessions;

@Service
@Command(scope = "nerava", name = "admin-sessions",
        description = "Lists the live admin sessions (the console's); --revoke ends one, --revoke-user all of a user's")
public class AdminSessionsCommand extends ShellAuditedAction {

    static final String ACTION = "admin.session.revoke";

    @Option(name = "--revoke", description = "End the session with this id (audited)")
    String revoke;

    @Option(name = "--revoke-user", description = "End every session of this user, e.g. after a password change"
            + " (audited)")
    String revokeUser;

    @Reference
    AdminSessions sessions;

    @Override
    public Object execute() {
        if (revoke != null) {
            boolean ended = sessions.revoke(revoke);
            audit(ACTION, revoke, ended, ended ? "revoked" : "no such live session");
            System.out.println(ended ? "Revoked: " + revoke : "No live session " + revoke);
            return null;
        }
        if (revokeUser != null) {
            int ended = sessions.revokeUser(revokeUser);
            audit(ACTION, "user:" + revokeUser, true, ended + " session(s) revoked");
            System.out.println("Revoked " + ended + " session(s) of " + revokeUser);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("User");
        table.column("Signed in");
        table.column("Last used");
        table.column("Ends unless used");
        for (AdminSession live : sessions.list()) {
            table.addRow().addContent(live.id(), live.user(), Instant.ofEpochMilli(live.createdAt()),
                    Instant.ofEpochMilli(live.lastUsedAt()), Instant.ofEpochMilli(live.endsAt()));
        }
        table.print(System.out);
        return null;
    }
}
