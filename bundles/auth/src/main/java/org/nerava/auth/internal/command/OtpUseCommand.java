package org.nerava.auth.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.nerava.auth.internal.provider.ProviderSwitch;
import org.nerava.platform.audit.AuditActors;

@Service
@Command(scope = "nerava", name = "otp-use",
        description = "Makes a bound OTP provider the active one (saved in etc/org.nerava.auth.cfg, audited)")
public class OtpUseCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The provider's otp.provider id")
    @Completion(ProviderIdCompleter.class)
    String id;

    @Reference
    ProviderSwitch providerSwitch;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        // An unknown id throws IllegalArgumentException: the shell prints its message as the command's error.
        String previous = providerSwitch.use(id, AuditActors.shell(session.get("USER")));
        System.out.println("Active OTP provider: " + id.strip() + " (was " + (previous.isEmpty() ? "none" : previous) + ")");
        return null;
    }
}
