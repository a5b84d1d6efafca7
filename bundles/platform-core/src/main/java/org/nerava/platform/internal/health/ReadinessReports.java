package org.nerava.platform.internal.health;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.nerava.platform.health.ReadinessCheck;
import org.nerava.platform.internal.health.ReadinessProbe.Report;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Every registered {@link ReadinessCheck}, run together within a deadline: what {@code /readyz} and the fleet show. */
@Component(service = ReadinessReports.class)
public class ReadinessReports {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private final List<ReadinessCheck> checks = new CopyOnWriteArrayList<>();

    private ReadinessProbe probe;

    @Activate
    void activate() {
        probe = new ReadinessProbe();
    }

    @Deactivate
    void deactivate() {
        probe.close();
    }

    public CompletableFuture<Report> run() {
        return probe.run(List.copyOf(checks));
    }
}
