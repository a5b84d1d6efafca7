package org.nerava.deployments.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.nerava.deployments.internal.DeploymentStore.FollowState;
import org.nerava.deployments.internal.github.GitHubRuns;
import org.nerava.deployments.internal.github.RunAnswer;
import org.nerava.deployments.internal.github.RunState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every dispatched deployment to its outcome, on the deployments' own scheduler thread (never a request
 * thread): each tick takes the deployments whose next check is due, claims each in the database (so with several
 * nodes one follows it at a time, and another takes over once the claim runs out), and asks GitHub about its run.
 * An unchanged run is asked about less and less often ({@code pollIntervalSeconds} doubling up to
 * {@code maxPollIntervalSeconds}), with {@code If-None-Match}; a spent rate limit pauses the follower until GitHub's
 * reset; a deployment without an outcome after {@code maxFollowMinutes} is {@code timed_out}. Unfinished deployments
 * are in the database, so a restarted node picks them up where they were. A run that succeeded is then verified
 * where its target has a {@code verifyUrl}: the URL is asked every {@code verifyIntervalSeconds} until it answers 2xx
 * ({@code passed}) or {@code verifyWindowSeconds} after the success have gone by ({@code failed}); the outcome is told
 * once the verification has one.
 */
final class DeploymentFollower {

    /** Deployments checked per tick at most: bounded work, whatever the backlog. */
    static final int BATCH = 8;
    /** A claim outlives the next planned check by this much before another node may take the deployment over. */
    static final Duration CLAIM_GRACE = Duration.ofSeconds(30);
    /** A run GitHub answers 404 about this many times in a row is failed: it does not exist (any more). */
    static final int MISSING_LIMIT = 3;

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentFollower.class);

    /** What the follower needs from the configuration as it is now. */
    record Setup(DeploymentSettings settings, GitHubRuns runs, VerifyProbe probe) {
    }

    private final DeploymentStore store;
    private final Supplier<Setup> setup;
    private final Clock clock;
    private final String node;
    private final Consumer<Deployment> finished;
    private volatile Instant pausedUntil = Instant.EPOCH;

    /**
     * @param node this node's name in claims
     * @param finished told of every outcome reached here (audit, metrics, events)
     */
    DeploymentFollower(DeploymentStore store, Supplier<Setup> setup, Clock clock, String node,
            Consumer<Deployment> finished) {
        this.store = store;
        this.setup = setup;
        this.clock = clock;
        this.node = node;
        this.finished = finished;
    }

    /** One round: the due deployments, each claimed and checked. Never throws (it runs on a scheduler). */
    void tick() {
        try {
            Instant now = now();
            if (now.isBefore(pausedUntil)) {
                return;
            }
            List<Deployment> due = store.due(now, BATCH);
            for (Deployment deployment : due) {
                if (now().isBefore(pausedUntil)) {
                    return;
                }
                Instant claimedAt = now();
                if (store.claim(deployment.id(), node, claimedAt, claimedAt.plus(CLAIM_GRACE))) {
                    check(deployment);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Following deployments failed this round; trying again at the next: {}", e.toString());
        }
    }

    /**
     * Gives this node's claims up, on a clean stop: a restarted node resumes its deployments at once, and another
     * node takes them over without waiting for the claims to run out (which they still do after a crash).
     */
    void release() {
        try {
            int released = store.release(node);
            if (released > 0) {
                LOG.info("Released {} deployment(s) this node was following; they are resumed by the next node to"
                        + " look", released);
            }
        } catch (RuntimeException e) {
            LOG.info("Could not release this node's deployments ({}); their claims run out within {} s",
                    e.toString(), CLAIM_GRACE.toSeconds());
        }
    }

    private void check(Deployment deployment) {
        Setup current = setup.get();
        DeploymentSettings settings = current.settings();
        FollowState state = store.followState(deployment.id());
        if (deployment.verification() == Verification.PENDING) {
            verify(deployment, state, current);
            return;
        }
        if (current.runs() == null || !settings.missing(deployment.target()).isEmpty()) {
            // Nothing to ask GitHub with: left as it is (its outcome is unknown, not timed out) until configured.
            Instant next = now().plus(settings.pollDelay(Integer.MAX_VALUE));
            store.followed(deployment, state, next, node, next.plus(CLAIM_GRACE));
            return;
        }
        RunAnswer answer = deployment.runId() == null
                ? current.runs().findRun(settings.repository(), settings.workflow(deployment.target()),
                        deployment.ref(), deployment.requestedAt(), store.runIdsSince(deployment.requestedAt()
                                .minus(Duration.ofDays(1))))
                : current.runs().run(settings.repository(), deployment.runId(), state.etag());
        if (LOG.isDebugEnabled()) {
            LOG.debug("Deployment {} of {} on {}: GitHub answered {}", deployment.id(), deployment.target().id(),
                    deployment.ref(), answer instanceof RunAnswer.Found f
                            ? "run " + f.run().id() + " " + statusOf(f.run()).id() : answer.getClass().getSimpleName());
        }
        // GitHub is asked first: a run that completed late still gets its real outcome.
        if (!(answer instanceof RunAnswer.Found found && found.run().completed())
                && !now().isBefore(deployment.requestedAt().plus(settings.maxFollow()))) {
            Deployment latest = answer instanceof RunAnswer.Found seen ? deployment.following(statusOf(seen.run()),
                    seen.run().id(), seen.run().htmlUrl(), null, seen.run().startedAt(), null, null, null)
                    : deployment;
            finish(latest.following(DeploymentStatus.TIMED_OUT, latest.runId(), null, null, latest.startedAt(), null,
                    now(), "no outcome from GitHub within " + settings.maxFollow().toMinutes() + " min of the request"
                            + (latest.htmlUrl() == null ? "" : "; the run may still finish: " + latest.htmlUrl())),
                    state);
            return;
        }
        if (answer instanceof RunAnswer.Found found) {
            seen(deployment, found.run(), found.etag(), state, current);
        } else if (answer instanceof RunAnswer.NotModified) {
            again(deployment, new FollowState(state.etag(), state.unchangedChecks() + 1), settings);
        } else if (answer instanceof RunAnswer.Missing missing) {
            missing(deployment, missing.reason(), state, settings);
        } else if (answer instanceof RunAnswer.Throttled throttled) {
            pausedUntil = throttled.until();
            LOG.warn("Following deployments paused until {}: {}", throttled.until(), throttled.reason());
            store.followed(deployment, state, throttled.until(), node, throttled.until().plus(CLAIM_GRACE));
        } else if (answer instanceof RunAnswer.Failed failed) {
            LOG.info("Deployment {}: {}; asking again later", deployment.id(), failed.reason());
            again(deployment, new FollowState(state.etag(), state.unchangedChecks() + 1), settings);
        }
    }

    private void seen(Deployment deployment, RunState run, String etag, FollowState state, Setup current) {
        DeploymentStatus status = statusOf(run);
        Instant completed = run.completed() ? run.updatedAt() : null;
        String error = status == DeploymentStatus.FAILED
                ? "the run ended with conclusion " + (run.conclusion() == null ? "none" : run.conclusion()) : null;
        Deployment now = deployment.following(status, run.id(), run.htmlUrl(), run.conclusion(), run.startedAt(),
                completed, status.finished() ? now() : null, error);
        FollowState next = new FollowState(etag == null ? state.etag() : etag,
                now.equals(deployment) ? state.unchangedChecks() + 1 : 0);
        if (status == DeploymentStatus.SUCCEEDED) {
            succeeded(now, next, current);
        } else if (status.finished()) {
            finish(now, next);
        } else {
            if (now.status() != deployment.status() || deployment.runId() == null) {
                LOG.info("Deployment {} of {} on {}: {}{}", deployment.id(), deployment.target().id(),
                        deployment.ref(), status.id(), deployment.runId() == null ? " (run " + run.id() + ")" : "");
            }
            again(now, next, current.settings());
        }
    }

    /** The run succeeded: verified at once where the target has a verify URL, else its outcome is final. */
    private void succeeded(Deployment deployment, FollowState state, Setup current) {
        URI url = current.settings().verifyUrl(deployment.target());
        if (url == null) {
            finish(deployment.verified(Verification.SKIPPED, null), state);
            return;
        }
        LOG.info("Deployment {} of {} on {}: succeeded; verifying {} for up to {} s", deployment.id(),
                deployment.target().id(), deployment.ref(), url, current.settings().verifyWindow().toSeconds());
        verify(deployment.verified(Verification.PENDING, null), state, current);
    }

    /**
     * One look at the target's verify URL: 2xx passes; anything else is asked again after the interval, and fails
     * once the window that began when the run succeeded is over.
     */
    private void verify(Deployment deployment, FollowState state, Setup current) {
        DeploymentSettings settings = current.settings();
        URI url = settings.verifyUrl(deployment.target());
        if (url == null) {
            // Its verify URL was removed from the configuration meanwhile.
            finish(deployment.verified(Verification.SKIPPED, null), state);
            return;
        }
        VerifyProbe.Result result = current.probe().probe(url);
        if (result.passed()) {
            finish(deployment.verified(Verification.PASSED, null), state);
            return;
        }
        Instant succeededAt = deployment.finishedAt() == null ? now() : deployment.finishedAt();
        Instant windowEnd = succeededAt.plus(settings.verifyWindow());
        if (!now().isBefore(windowEnd)) {
            finish(deployment.verified(Verification.FAILED, "verification failed: " + url + " " + result.detail()
                    + ", still at the end of the " + settings.verifyWindow().toSeconds() + " s window"), state);
            return;
        }
        Instant next = now().plus(settings.verifyInterval());
        next = next.isAfter(windowEnd) ? windowEnd : next;
        store.followed(deployment.verified(Verification.PENDING, "verifying: " + url + " " + result.detail()), state,
                next, node, next.plus(CLAIM_GRACE));
    }

    private void missing(Deployment deployment, String reason, FollowState state, DeploymentSettings settings) {
        int misses = state.unchangedChecks() + 1;
        if (deployment.runId() != null && misses >= MISSING_LIMIT) {
            finish(deployment.following(DeploymentStatus.FAILED, deployment.runId(), null, null,
                    deployment.startedAt(), null, now(), reason), new FollowState(state.etag(), misses));
            return;
        }
        again(deployment, new FollowState(state.etag(), misses), settings);
    }

    private void again(Deployment deployment, FollowState state, DeploymentSettings settings) {
        Instant next = now().plus(settings.pollDelay(state.unchangedChecks()));
        store.followed(deployment, state, next, node, next.plus(CLAIM_GRACE));
    }

    private void finish(Deployment deployment, FollowState state) {
        store.followed(deployment, state, null, node, null);
        LOG.info("Deployment {} of {} on {}: {}{}{}", deployment.id(), deployment.target().id(), deployment.ref(),
                deployment.status().id(), deployment.verification() == null ? ""
                        : ", verification " + deployment.verification().id(),
                deployment.error() == null ? "" : " (" + deployment.error() + ")");
        finished.accept(deployment);
    }

    static DeploymentStatus statusOf(RunState run) {
        if (!run.completed()) {
            return "in_progress".equals(run.status()) ? DeploymentStatus.IN_PROGRESS : DeploymentStatus.QUEUED;
        }
        String conclusion = run.conclusion() == null ? "" : run.conclusion();
        return switch (conclusion) {
            case "success" -> DeploymentStatus.SUCCEEDED;
            case "cancelled" -> DeploymentStatus.CANCELLED;
            case "timed_out" -> DeploymentStatus.TIMED_OUT;
            default -> DeploymentStatus.FAILED;
        };
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
