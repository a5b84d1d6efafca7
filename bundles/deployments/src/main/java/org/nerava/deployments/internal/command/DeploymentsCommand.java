package org.nerava.deployments.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nerava.deployments.internal.Deployment;
import org.nerava.deployments.internal.Deployments;

@Service
@Command(scope = "nerava", name = "deployments", description = "Lists recent deployments, newest first")
public class DeploymentsCommand implements Action {

    @Option(name = "-n", aliases = "--limit", description = "How many to show (1-100)")
    int limit = 20;

    @Reference
    Deployments deployments;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Target");
        table.column("Ref");
        table.column("Status");
        table.column("Requested by");
        table.column("Requested at");
        table.column("Run");
        table.column("Duration");
        table.column("Verification");
        table.column("Conclusion / error");
        for (Deployment d : deployments.list(0, Math.max(1, Math.min(limit, 100)), null, null).deployments()) {
            table.addRow().addContent(d.id(), d.target().id(), d.ref(), d.status().id(), d.requestedBy(),
                    d.requestedAt(), d.runId() == null ? "" : d.runId(),
                    d.duration() == null ? "" : d.duration().toSeconds() + " s",
                    d.verification() == null ? "" : d.verification().id(),
                    d.error() != null ? d.error() : d.conclusion() == null ? "" : d.conclusion());
        }
        table.print(System.out);
        return null;
    }
}
