package org.nerava.auth.internal.command;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.nerava.auth.internal.provider.ProviderStatus;
import org.nerava.otp.spi.Diagnosis;

@Service
@Command(scope = "nerava", name = "otp-providers",
        description = "Lists OTP providers: bound, stuck, activating, failed or missing; which is active, calls, failures,"
                + " calls stuck past their deadline and the last error")
public class OtpProvidersCommand extends ProviderAction {

    @Option(name = "-d", aliases = "--diagnose",
            description = "Also ask each bound provider to check its configuration and reachability (sends nothing)")
    boolean diagnose;

    @Override
    public Object execute() {
        Map<String, CompletableFuture<Diagnosis>> diagnoses = new HashMap<>();
        if (diagnose) {
            for (ProviderStatus status : registry.statuses()) {
                registry.provider(status.id()).ifPresent(p -> diagnoses.put(p.id(), guard.diagnose(p)));
            }
        }
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("State");
        table.column("Kind");
        table.column("Active");
        table.column("Order");
        table.column("Circuit");
        table.column("Calls");
        table.column("Failures");
        table.column("Stuck");
        table.column("Last error");
        if (diagnose) {
            table.column("Diagnosis");
        }
        for (ProviderStatus status : registry.statuses()) {
            var row = table.addRow();
            row.addContent(status.id(), status.state(), status.kind() == null ? "" : status.kind().name().toLowerCase(),
                    status.active() ? "*" : "", status.chainPosition() < 0 ? "" : status.chainPosition() + 1,
                    status.circuit(), status.calls(), status.failures(), status.stuckCalls(),
                    status.lastError() == null ? "" : status.lastErrorAt() + " " + status.lastError());
            if (diagnose) {
                CompletableFuture<Diagnosis> diagnosis = diagnoses.get(status.id());
                row.addContent(diagnosis == null ? "" : describe(diagnosis));
            }
        }
        table.print(System.out);
        // Which setting decided the active provider: the fleet's run-time choice wins over this node's etc/ file.
        System.out.println(registry.fleetChoice()
                .map(c -> "Active provider chosen for the fleet: " + c.value() + " (version " + c.version() + ", by "
                        + c.updatedBy() + " at " + c.updatedAt() + "); nerava:otp-use --reset returns to etc/"
                        + "org.nerava.auth.cfg")
                .orElse("Active provider from etc/org.nerava.auth.cfg (provider); no fleet choice"));
        return null;
    }

    static String describe(CompletableFuture<Diagnosis> diagnosis) {
        Diagnosis d = diagnosis.join();
        return (d.healthy() ? "healthy" : "UNHEALTHY") + (d.detail() == null ? "" : ": " + d.detail());
    }
}
