package org.nerava.platform.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nerava.platform.fleet.Fleet;
import org.nerava.platform.fleet.Node;

@Service
@Command(scope = "nerava", name = "nodes",
        description = "Lists the nodes sharing this database: state, readiness, OTP providers, features (* = this one)")
public class NodesCommand implements Action {

    @Reference
    Fleet fleet;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Node");
        table.column("Host:port");
        table.column("Version");
        table.column("State");
        table.column("Ready");
        table.column("OTP providers");
        table.column("Started");
        table.column("Last seen");
        table.column("Features");
        for (Node node : fleet.nodes()) {
            table.addRow().addContent((node.self() ? "* " : "") + node.id(), node.host() + ":" + node.httpPort(),
                    node.version(), node.state(), node.ready() ? "ready" : "unready",
                    String.join(",", node.otpProviders()), node.startedAt(), node.lastSeenAt(),
                    String.join(",", node.features()));
        }
        table.print(System.out);
        return null;
    }
}
