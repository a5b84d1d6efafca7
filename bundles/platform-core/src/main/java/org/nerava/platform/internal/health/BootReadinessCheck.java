package org.nerava.platform.internal.health;

import org.apache.karaf.features.BootFinished;
import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code boot} in {@code /readyz}: down until Karaf has installed the boot features. The REST runtime answers while
 * boot features are still being installed, and a node that takes traffic (or a {@code feature:install}) then would
 * see half a server.
 */
@Component(service = ReadinessCheck.class)
public class BootReadinessCheck implements ReadinessCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BootFinished bootFinished;

    @Override
    public String name() {
        return "boot";
    }

    @Override
    public boolean critical() {
        return true;
    }

    @Override
    public Readiness check() {
        return bootFinished == null ? Readiness.down("boot features are still being installed")
                : Readiness.up("boot features installed");
    }
}
