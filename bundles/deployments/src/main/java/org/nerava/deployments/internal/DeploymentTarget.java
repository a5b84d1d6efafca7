package org.nerava.deployments.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What can be deployed; each has its own workflow in {@code org.nerava.deployments}. */
public enum DeploymentTarget {
    BACKEND("workflowBackend"),
    DRIVER("workflowDriver"),
    ADMIN("workflowAdmin"),
    MERCHANT("workflowMerchant");

    private final String workflowKey;

    DeploymentTarget(String workflowKey) {
        this.workflowKey = workflowKey;
    }

    /** The name on the wire and in the shell: {@code backend}, {@code driver}, {@code admin}, {@code merchant}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The configuration key naming this target's workflow. */
    public String workflowKey() {
        return workflowKey;
    }

    public static Optional<DeploymentTarget> of(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.strip();
        return Arrays.stream(values()).filter(t -> t.id().equals(wanted)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(DeploymentTarget::id).toList();
    }
}
