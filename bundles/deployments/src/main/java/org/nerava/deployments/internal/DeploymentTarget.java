package org.nerava.deployments.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What can be deployed; each has its own workflow in {@code org.nerava.deployments}. */
public enum DeploymentTarget {
    BACKEND("workflowBackend", "verifyUrlBackend"),
    DRIVER("workflowDriver", "verifyUrlDriver"),
    ADMIN("workflowAdmin", "verifyUrlAdmin"),
    MERCHANT("workflowMerchant", "verifyUrlMerchant");

    private final String workflowKey;
    private final String verifyUrlKey;

    DeploymentTarget(String workflowKey, String verifyUrlKey) {
        this.workflowKey = workflowKey;
        this.verifyUrlKey = verifyUrlKey;
    }

    /** The name on the wire and in the shell: {@code backend}, {@code driver}, {@code admin}, {@code merchant}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The configuration key naming this target's workflow. */
    public String workflowKey() {
        return workflowKey;
    }

    /** The configuration key naming the URL asked after this target's run succeeded. */
    public String verifyUrlKey() {
        return verifyUrlKey;
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
