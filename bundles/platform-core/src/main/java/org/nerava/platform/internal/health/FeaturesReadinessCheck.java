package org.nerava.platform.internal.health;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Lists the Nerava features installed in this container, so an operator sees what this node serves. */
@Component(service = ReadinessCheck.class)
public class FeaturesReadinessCheck implements ReadinessCheck {

    @Reference
    private FeaturesService features;

    @Override
    public String name() {
        return "features";
    }

    @Override
    public Readiness check() {
        try {
            List<String> installed = Arrays.stream(features.listInstalledFeatures())
                    .map(Feature::getName)
                    .filter(name -> name.startsWith("nerava"))
                    .sorted()
                    .toList();
            return Readiness.up(installed.size() + " Nerava features installed")
                    .withDetails(Map.of("installed", installed));
        } catch (Exception e) {
            return Readiness.degraded("cannot list features: " + e.getMessage());
        }
    }
}
