package org.nerava.deployments.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a deployment stands, from the request to the workflow run's outcome. Nerava dispatches the target's workflow,
 * then follows the run through GitHub's API until it completes ({@code DeploymentFollower}).
 */
public enum DeploymentStatus {
    /** Recorded; the dispatch request to GitHub is under way. */
    DISPATCHING,
    /** GitHub accepted the dispatch; the run is not seen yet. */
    DISPATCHED,
    /** The run waits for a runner. */
    QUEUED,
    /** The run is running. */
    IN_PROGRESS,
    /** The run completed with conclusion {@code success}. */
    SUCCEEDED,
    /** The dispatch was refused or failed, or the run completed with another conclusion; {@code error} says which. */
    FAILED,
    /** The run was cancelled. */
    CANCELLED,
    /** No outcome within {@code maxFollowMinutes} (or GitHub's own timeout ended the run). */
    TIMED_OUT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The run may still change: the follower asks GitHub about it. */
    public boolean followed() {
        return this == DISPATCHED || this == QUEUED || this == IN_PROGRESS;
    }

    /** An outcome: nothing changes it any more. */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == TIMED_OUT;
    }

    public static Optional<DeploymentStatus> of(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }
}
