package org.nerava.platform.internal.doctor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.nerava.platform.concurrent.Failures;
import org.nerava.platform.doctor.CheckMode;
import org.nerava.platform.doctor.DoctorCheck;
import org.nerava.platform.doctor.Finding;
import org.nerava.platform.persistence.MigratedSchema;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * {@code features}: the Nerava features installed, every Nerava bundle active, and every component of theirs that
 * has its configuration active or satisfied. A component whose activation threw is a FAIL (part of the product would
 * not work); one waiting on a service nobody provides is a WARN. Components that wait, directly or through others,
 * only on a {@link MigratedSchema} are expected in {@link CheckMode check mode} (nothing is migrated there) and on a
 * node whose schema is still migrating: they are counted, not judged.
 */
@Component(service = DoctorCheck.class)
public class FeaturesDoctorCheck implements DoctorCheck {

    private static final String BUNDLE_PREFIX = "org.nerava.";
    private static final String FIX = "see data/log/karaf.log for the cause (bundle:diag <id> and scr:info <name> in"
            + " the shell)";

    private final BundleContext context;
    private final FeaturesService features;
    private final ServiceComponentRuntime scr;

    @Activate
    public FeaturesDoctorCheck(BundleContext context, @Reference FeaturesService features,
            @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.features = features;
        this.scr = scr;
    }

    @Override
    public String name() {
        return "features";
    }

    @Override
    public List<Finding> check() {
        List<Finding> findings = new ArrayList<>();
        try {
            List<String> installed = Arrays.stream(features.listInstalledFeatures()).map(Feature::getName)
                    .filter(name -> name.startsWith("nerava")).sorted().toList();
            findings.add(installed.isEmpty()
                    ? Finding.fail("features", "no Nerava feature is installed", "check etc/org.apache.karaf.features.cfg")
                    : Finding.ok("features", installed.size() + " installed: " + String.join(", ", installed)));
        } catch (Exception e) {
            findings.add(Finding.fail("features", "cannot list the features: " + e.getMessage(), FIX));
        }
        List<String> notActive = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith(BUNDLE_PREFIX))
                .filter(b -> b.getState() != Bundle.ACTIVE && !isFragment(b))
                .map(b -> b.getSymbolicName() + " " + stateName(b.getState())).sorted().toList();
        findings.add(notActive.isEmpty() ? Finding.ok("bundles", "every Nerava bundle is active")
                : Finding.fail("bundles", "not active: " + String.join(", ", notActive), FIX));
        findings.add(judge(components(), CheckMode.on()));
        return findings;
    }

    /** The components of Nerava bundles with their configurations (a component without one is not judged). */
    private Map<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> components() {
        Map<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> all = new java.util.LinkedHashMap<>();
        Bundle[] ours = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith(BUNDLE_PREFIX))
                .toArray(Bundle[]::new);
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(ours)) {
            all.put(description, scr.getComponentConfigurationDTOs(description));
        }
        return all;
    }

    static Finding judge(Map<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> components,
            boolean checkMode) {
        Map<String, String> failed = new TreeMap<>();
        Map<String, ComponentConfigurationDTO> unsatisfied = new TreeMap<>();
        Map<String, ComponentDescriptionDTO> byName = new TreeMap<>();
        int running = 0;
        for (Map.Entry<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> entry : components.entrySet()) {
            byName.put(entry.getKey().name, entry.getKey());
            for (ComponentConfigurationDTO configuration : entry.getValue()) {
                switch (configuration.state) {
                    case ComponentConfigurationDTO.FAILED_ACTIVATION -> failed.put(entry.getKey().name,
                            rootCause(configuration.failure));
                    case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> unsatisfied.put(entry.getKey().name,
                            configuration);
                    case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> failed.put(entry.getKey().name,
                            "its configuration is refused");
                    default -> running++;
                }
            }
        }
        Set<String> waitingOnSchema = waitingOnSchema(unsatisfied, byName);
        List<String> missing = unsatisfied.keySet().stream().filter(name -> !waitingOnSchema.contains(name))
                .map(name -> shortName(name) + " (needs " + String.join(", ", needs(unsatisfied.get(name), byName))
                        + ")")
                .toList();
        String counts = running + " component(s) running" + (waitingOnSchema.isEmpty() ? ""
                : ", " + waitingOnSchema.size() + " waiting for a migrated schema"
                        + (checkMode ? " (expected in check mode: nothing is migrated)" : ""));
        if (!failed.isEmpty()) {
            StringBuilder detail = new StringBuilder("failed: ");
            failed.forEach((name, why) -> detail.append(shortName(name)).append(" (").append(why).append("); "));
            return Finding.fail("components", detail + counts, FIX);
        }
        if (!missing.isEmpty()) {
            return Finding.warn("components", "unsatisfied: " + String.join("; ", missing) + "; " + counts, FIX);
        }
        if (!waitingOnSchema.isEmpty() && !checkMode) {
            return Finding.warn("components", counts, "see schemas in /readyz: a schema is not migrated yet");
        }
        return Finding.ok("components", counts);
    }

    /**
     * Components that wait only on a {@link MigratedSchema}, directly or through services that only such components
     * provide: a fixpoint over the unsatisfied references.
     */
    static Set<String> waitingOnSchema(Map<String, ComponentConfigurationDTO> unsatisfied,
            Map<String, ComponentDescriptionDTO> byName) {
        Set<String> waiting = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, ComponentConfigurationDTO> entry : unsatisfied.entrySet()) {
                if (waiting.contains(entry.getKey())) {
                    continue;
                }
                boolean onlySchema = true;
                for (String needed : needs(entry.getValue(), byName)) {
                    boolean providedByWaiting = byName.values().stream()
                            .filter(d -> waiting.contains(d.name))
                            .anyMatch(d -> d.serviceInterfaces != null
                                    && Arrays.asList(d.serviceInterfaces).contains(needed));
                    if (!needed.equals(MigratedSchema.class.getName()) && !providedByWaiting) {
                        onlySchema = false;
                    }
                }
                if (onlySchema) {
                    waiting.add(entry.getKey());
                    grew = true;
                }
            }
        }
        return waiting;
    }

    /** The service interfaces a configuration's unsatisfied references ask for. */
    private static List<String> needs(ComponentConfigurationDTO configuration,
            Map<String, ComponentDescriptionDTO> byName) {
        ComponentDescriptionDTO description = byName.get(configuration.description.name);
        List<String> interfaces = new ArrayList<>();
        for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
            for (ReferenceDTO declared : description.references) {
                if (declared.name.equals(reference.name)) {
                    interfaces.add(declared.interfaceName);
                }
            }
        }
        return interfaces;
    }

    /** The innermost cause of a failure's stack trace: SCR wraps the constructor's exception. */
    static String rootCause(String failure) {
        return failure == null || failure.isBlank() ? "activation failed" : Failures.rootCause(failure);
    }

    private static String shortName(String componentName) {
        return componentName.substring(componentName.lastIndexOf('.') + 1);
    }

    private static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get("Fragment-Host") != null;
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "installed (not resolved)";
            case Bundle.RESOLVED -> "resolved (not started)";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "state " + state;
        };
    }
}
