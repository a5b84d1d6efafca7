package org.nerava.auth.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.nerava.auth.internal.provider.OtpProviderRegistry;

/** Completes OTP provider ids: every provider bound or named in the configuration. */
@Service
public class ProviderIdCompleter implements Completer {

    @Reference
    OtpProviderRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(registry.knownIds()).complete(session, commandLine, candidates);
    }
}
