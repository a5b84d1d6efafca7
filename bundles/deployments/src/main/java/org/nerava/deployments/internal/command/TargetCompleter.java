package org.nerava.deployments.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.nerava.deployments.internal.DeploymentTarget;

/** Completes deployment targets: backend, driver, admin, merchant. */
@Service
public class TargetCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(DeploymentTarget.ids()).complete(session, commandLine, candidates);
    }
}
