package org.nerava.platform.internal.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.nerava.platform.config.ConfigProblem;
import org.nerava.platform.config.ConfigurationStatus;
import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code configuration} in {@code /readyz}: every PID whose last update was refused, each refused value with what is
 * allowed, and what serves meanwhile. Degraded, never critical: the component keeps serving on good values.
 */
@Component(service = ReadinessCheck.class)
public class ConfigurationReadinessCheck implements ReadinessCheck {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ConfigurationStatus> statuses;

    public ConfigurationReadinessCheck() {
    }

    ConfigurationReadinessCheck(List<ConfigurationStatus> statuses) {
        this.statuses = statuses;
    }

    @Override
    public String name() {
        return "configuration";
    }

    @Override
    public Readiness check() {
        Map<String, Object> refused = new TreeMap<>();
        StringBuilder detail = new StringBuilder();
        List<ConfigurationStatus> current = statuses;
        int checked = current == null ? 0 : current.size();
        for (ConfigurationStatus status : current == null ? List.<ConfigurationStatus>of() : current) {
            List<ConfigProblem> problems = status.refused();
            if (problems.isEmpty()) {
                continue;
            }
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("refused", problems.stream().map(ConfigProblem::describe).toList());
            shown.put("serving", status.serving());
            shown.put("refused_at", String.valueOf(status.refusedAt()));
            refused.put(status.pid(), shown);
            for (ConfigProblem problem : problems) {
                detail.append(detail.length() == 0 ? "" : "; ").append(problem.describe());
            }
            detail.append(" (serving ").append(status.serving()).append(')');
        }
        if (refused.isEmpty()) {
            return Readiness.up(checked + " checked configuration(s) applied").withDetails(Map.of("refused", refused));
        }
        return Readiness.degraded(detail + "; fix etc/<pid>.cfg: it applies within seconds, no restart")
                .withDetails(Map.of("refused", refused));
    }
}
