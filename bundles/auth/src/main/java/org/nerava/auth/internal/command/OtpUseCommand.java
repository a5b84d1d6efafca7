package org.nerava.auth.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.nerava.auth.internal.provider.ProviderSwitch;
import org.nerava.platform.ProblemException;
import org.nerava.platform.audit.AuditActors;

@Service
@Command(scope = "nerava", name = "otp-use",
        description = "Makes a bound OTP provider the active one on every node (kept in the shared database, audited);"
                + " --reset goes back to each node's configured provider")
public class OtpUseCommand implements Action {

    @Argument(index = 0, name = "id", required = false, description = "The provider's otp.provider id")
    @Completion(ProviderIdCompleter.class)
    String id;

    @Option(name = "--reset", description = "Remove the fleet's choice: each node uses provider of etc/org.nerava.auth.cfg")
    boolean reset;

    @Reference
    ProviderSwitch providerSwitch;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        String actor = AuditActors.shell(session.get("USER"));
        if (reset) {
            boolean had = providerSwitch.reset(actor);
            System.out.println(had ? "Fleet choice removed: each node uses its configured provider"
                    : "There was no fleet choice: each node uses its configured provider");
            return null;
        }
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("give a provider id, or --reset");
        }
        // An unknown id throws IllegalArgumentException: the shell prints its message as the command's error.
        String previous;
        try {
            previous = providerSwitch.use(id, actor);
        } catch (ProblemException e) {
            throw new IllegalStateException(e.problem().getDetail()); // the shell prints a thrown message
        }
        System.out.println("Active OTP provider: " + id.strip() + " (was " + (previous.isEmpty() ? "none" : previous)
                + "; every node applies it within seconds)");
        return null;
    }
}
