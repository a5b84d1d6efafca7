package org.nerava.deployments.internal;

import java.util.Locale;

/** Where a deployment request stands. Nerava dispatches workflows; it does not follow the runs. */
public enum DeploymentStatus {
    /** Recorded; the dispatch request to GitHub is under way. */
    DISPATCHING,
    /** GitHub accepted the dispatch: the workflow run is queued. */
    DISPATCHED,
    /** GitHub refused, failed or did not answer in time; {@code error} says which. */
    FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
