package org.nerava.auth.internal.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nerava.auth.internal.provider.BoundProvider;
import org.nerava.otp.spi.Diagnosis;

@Service
@Command(scope = "nerava", name = "otp-check",
        description = "Checks OTP providers' configuration and reachability without sending anything to anybody")
public class OtpCheckCommand extends ProviderAction {

    @Argument(index = 0, name = "id", description = "One provider's id; all bound providers when left out")
    @Completion(ProviderIdCompleter.class)
    String id;

    @Override
    public Object execute() {
        List<BoundProvider> targets = new ArrayList<>();
        if (id != null) {
            targets.add(registry.provider(id.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "no OTP provider '" + id.strip() + "' is bound; see nerava:otp-providers")));
        } else {
            registry.knownIds().forEach(known -> registry.provider(known).ifPresent(targets::add));
        }
        // All at once: the slowest provider's deadline bounds the command, not the sum of them.
        List<CompletableFuture<Diagnosis>> checks = targets.stream().map(guard::diagnose).toList();
        for (int i = 0; i < targets.size(); i++) {
            Diagnosis diagnosis = checks.get(i).join();
            System.out.println(targets.get(i).id() + ": " + OtpProvidersCommand.describe(checks.get(i)));
            for (Map.Entry<String, Object> detail : diagnosis.details().entrySet()) {
                System.out.println("    " + detail.getKey() + ": " + detail.getValue());
            }
        }
        if (targets.isEmpty()) {
            System.out.println("no OTP provider is bound");
        }
        return null;
    }
}
