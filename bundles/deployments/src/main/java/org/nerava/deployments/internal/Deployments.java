package org.nerava.deployments.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.nerava.deployments.internal.github.DispatchAccepted;
import org.nerava.deployments.internal.github.DispatchFailedException;
import org.nerava.deployments.internal.github.GitHubRuns;
import org.nerava.deployments.internal.github.GitHubWorkflows;
import org.nerava.deployments.internal.github.WorkflowDispatch;
import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.events.EventTopics;
import org.nerava.platform.metrics.Meters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deployments: records each request, dispatches the target's GitHub Actions workflow on a small pool of its own
 * threads (never an HTTP request thread), records and audits the dispatch, and posts
 * {@code org/nerava/admin/DEPLOYMENT_TRIGGERED}; then {@link DeploymentFollower} follows the run to its outcome, which
 * is audited ({@value #OUTCOME_ACTION}), counted ({@code nerava_deployments_total}, a duration histogram) and posted
 * ({@code org/nerava/admin/DEPLOYMENT_FINISHED}). A rollback dispatches the target's last good ref. The REST resource
 * and {@code nerava:deploy} both come through here.
 */
@Component(service = Deployments.class)
public class Deployments {

    /** The audit action of every trigger, from REST or the shell. */
    public static final String ACTION = "deployment.trigger";
    /** The audit action of a rollback (then dispatched like a trigger). */
    public static final String ROLLBACK_ACTION = "deployment.rollback";
    /** The audit action of a deployment's outcome. */
    public static final String OUTCOME_ACTION = "deployment.outcome";
    static final String COUNT_METER = "nerava.deployments";
    static final String DURATION_METER = "nerava.deployment.duration";
    /** How often the follower looks for due deployments. */
    static final long FOLLOW_TICK_MILLIS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(Deployments.class);
    /** Dispatches in flight at once, and waiting beyond them; admins trigger deployments by hand. */
    private static final int THREADS = 4;
    private static final int QUEUE = 32;
    private static final int MAX_KEY_LENGTH = 200;
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1," + MAX_KEY_LENGTH + "}");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * The answer to a trigger.
     *
     * @param replayed true when the idempotency key named an earlier deployment: nothing was dispatched
     */
    public record Triggered(Deployment deployment, boolean replayed) {
    }

    /** A page of deployments, newest first, and how many there are in all. */
    public record Page(List<Deployment> deployments, long total) {
    }

    /** Settings and the clients made from them, replaced together when the configuration changes. */
    private record Setup(DeploymentSettings settings, GitHubWorkflows github, GitHubRuns runs, VerifyProbe probe) {
        static Setup of(DeploymentSettings settings, Clock clock) {
            VerifyProbe probe = new VerifyProbe(settings.connectTimeout(), settings.requestTimeout());
            if (settings.apiUrl() == null) {
                return new Setup(settings, null, null, probe);
            }
            return new Setup(settings, new GitHubWorkflows(settings.apiUrl(), settings.token(),
                    settings.connectTimeout(), settings.requestTimeout(), settings.maxResponseBytes()),
                    new GitHubRuns(settings.apiUrl(), settings.token(), settings.connectTimeout(),
                            settings.requestTimeout(), settings.maxResponseBytes(), clock), probe);
        }
    }

    private final DeploymentStore store;
    private final AuditTrail audit;
    private final Clock clock;
    private final CurrentDeploymentSettings settings;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService followerThread;
    private final DeploymentFollower follower;
    /** Answers not given yet; failed at once if the component stops, instead of leaving callers to their timeouts. */
    private final Set<CompletableFuture<Triggered>> pending = ConcurrentHashMap.newKeySet();
    private volatile Setup setup;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;

    /** Optional and dynamic: deployments work the same without the metrics feature. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Meters meters;

    @Activate
    public Deployments(@Reference DeploymentStore store, @Reference AuditTrail audit,
            @Reference CurrentDeploymentSettings settings) {
        this(store, audit, settings, Clock.systemUTC(), Duration.ofMillis(FOLLOW_TICK_MILLIS));
    }

    Deployments(DeploymentStore store, AuditTrail audit, DeploymentsConfig config, Clock clock) {
        this(store, audit, config, clock, Duration.ofMillis(FOLLOW_TICK_MILLIS));
    }

    /** @param followTick how often the follower looks for due deployments (tests drive it with {@link #follow}) */
    Deployments(DeploymentStore store, AuditTrail audit, DeploymentsConfig config, Clock clock, Duration followTick) {
        this(store, audit, CurrentDeploymentSettings.fixed(new DeploymentSettings(config)), clock, followTick);
    }

    private Deployments(DeploymentStore store, AuditTrail audit, CurrentDeploymentSettings settings, Clock clock,
            Duration followTick) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        this.setup = Setup.of(settings.get(), clock);
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), DaemonThreads.numbered("nerava-deployments-github"));
        executor.allowCoreThreadTimeOut(true);
        // A node's claims carry a name of its own, new at each start: a restarted node's old claims run out.
        this.follower = new DeploymentFollower(store, () -> {
            Setup current = setup();
            return new DeploymentFollower.Setup(current.settings(), current.runs(), current.probe());
        }, clock, "node-" + UUID.randomUUID(), this::finished);
        this.followerThread = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("nerava-deployments-follower"));
        followerThread.scheduleWithFixedDelay(follower::tick, followTick.toMillis(), followTick.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * The settings in force and the clients made from them: made again when the settings changed (a new token, URL or
     * timeout applies to the next dispatch or look at a run, without restarting this component and its follower).
     */
    private Setup setup() {
        Setup current = setup;
        DeploymentSettings now = settings.get();
        if (current.settings() != now) {
            current = Setup.of(now, clock);
            setup = current;
        }
        return current;
    }

    @Deactivate
    void deactivate() {
        followerThread.shutdownNow();
        try {
            // A round under way writes its claim; released only after it, or the release would be undone.
            followerThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        follower.release();
        executor.shutdownNow();
        for (CompletableFuture<Triggered> answer : pending) {
            answer.completeExceptionally(ProblemException.unavailable("deployments_unavailable",
                    "the deployments feature stopped while dispatching; see GET /v1/admin/deployments for the outcome"));
        }
    }

    /** One round of the follower, on the caller's thread: for tests, which move the clock themselves. */
    void follow() {
        follower.tick();
    }

    public DeploymentSettings settings() {
        return setup().settings();
    }

    /**
     * Dispatches the target's workflow on the ref. Checks and recording happen on the caller's thread; the call to
     * GitHub on this component's pool. The stage completes with the recorded deployment, {@code DISPATCHED} or
     * {@code FAILED}, within the connect plus the request timeout.
     *
     * @param actor {@code admin:<user>} or {@code shell:<user>}
     * @param idempotencyKey null, or the caller's key: a second trigger with the same key returns the first
     *        deployment and dispatches nothing
     * @throws ProblemException 400 for a bad ref or key, 422 for a key reused with another target or ref, 503 when
     *         the target's deployment is not configured or too many dispatches are waiting
     */
    public CompletionStage<Triggered> trigger(DeploymentTarget target, String ref, String actor,
            String idempotencyKey) {
        return trigger(target, ref, actor, idempotencyKey, ACTION);
    }

    /**
     * Dispatches the target's workflow at the ref of its last good deployment: its run succeeded and, where the
     * target has a verify URL, its verification passed.
     *
     * @throws ProblemException 409 {@code no_good_deployment} when the target has none, else as a trigger
     */
    public CompletionStage<Triggered> rollback(DeploymentTarget target, String actor, String idempotencyKey) {
        Optional<Deployment> good = store.lastGood(target);
        if (good.isEmpty()) {
            record(actor, target, ROLLBACK_ACTION, AuditOutcome.FAILURE, "no deployment of " + target.id()
                    + " succeeded (and passed verification) yet");
            throw new ProblemException(Problem.of(409, "no_good_deployment", "Conflict", "no deployment of "
                    + target.id() + " has succeeded and passed verification yet: there is nothing to roll back to"));
        }
        return trigger(target, good.get().ref(), actor, idempotencyKey, ROLLBACK_ACTION);
    }

    /** The deployment a rollback of this target would go back to, if any. */
    public Optional<Deployment> lastGood(DeploymentTarget target) {
        return store.lastGood(target);
    }

    private CompletionStage<Triggered> trigger(DeploymentTarget target, String ref, String actor,
            String idempotencyKey, String action) {
        if (!Refs.isValid(ref)) {
            throw ProblemException.badRequest("invalid_field",
                    "field 'ref' must be a branch or tag name (letters, digits, . _ - /)");
        }
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
        if (key != null && !KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("invalid_field",
                    "header 'Idempotency-Key' must be 1-" + MAX_KEY_LENGTH + " printable ASCII characters");
        }
        if (key != null) {
            Optional<Deployment> first = store.findByIdempotencyKey(key);
            if (first.isPresent()) {
                return CompletableFuture.completedFuture(replay(first.get(), target, ref, actor, action));
            }
        }
        Setup current = setup();
        List<String> missing = current.settings().missing(target);
        if (!missing.isEmpty()) {
            String what = String.join(", ", missing);
            record(actor, target, action, AuditOutcome.FAILURE, "ref " + ref + "; not configured: " + what);
            throw ProblemException.unavailable("deployments_not_configured", "deployments of " + target.id()
                    + " are not configured: set " + what + " in etc/" + DeploymentsConfig.PID + ".cfg");
        }
        Deployment requested = Deployment.requested(UUID.randomUUID().toString(), target, ref, actor, key, now());
        try {
            store.insert(requested);
        } catch (DeploymentStore.DuplicateKeyException raced) {
            return CompletableFuture.completedFuture(
                    replay(store.findByIdempotencyKey(key).orElseThrow(), target, ref, actor, action));
        }
        CompletableFuture<Triggered> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((done, failure) -> pending.remove(result));
        try {
            executor.execute(() -> {
                try {
                    result.complete(new Triggered(dispatch(current, requested, action), false));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            pending.remove(result);
            Deployment refused = requested.dispatched(DeploymentStatus.FAILED, now(), null, null, null, null,
                    "not dispatched: too many deployments in progress on this node");
            store.update(refused);
            record(actor, target, action, AuditOutcome.FAILURE, "ref " + ref + "; deployment " + refused.id() + "; "
                    + refused.error());
            finished(refused);
            throw new ProblemException(Problem.of(503, "deployments_busy", "Service unavailable",
                    "too many deployments are in progress; try again shortly"), Map.of("Retry-After", "5"));
        }
        return result;
    }

    private Triggered replay(Deployment first, DeploymentTarget target, String ref, String actor, String action) {
        if (first.target() != target || !first.ref().equals(ref)) {
            record(actor, target, action, AuditOutcome.FAILURE, "ref " + ref + "; Idempotency-Key of deployment "
                    + first.id() + " reused for another deployment");
            throw ProblemException.unprocessable("idempotency_key_reused", "this Idempotency-Key was used for"
                    + " deployment " + first.id() + " of " + first.target().id() + " on " + first.ref()
                    + "; use a new key for another deployment");
        }
        record(actor, target, action, AuditOutcome.SUCCESS, "ref " + ref + "; repeated request (Idempotency-Key) for"
                + " deployment " + first.id() + ", nothing dispatched");
        return new Triggered(first, true);
    }

    private Deployment dispatch(Setup current, Deployment requested, String action) {
        DeploymentSettings settings = current.settings();
        WorkflowDispatch dispatch = new WorkflowDispatch(settings.repository(), settings.workflow(requested.target()),
                requested.ref(), settings.inputs(Map.of("target", requested.target().id(), "ref", requested.ref(),
                        "deployment_id", requested.id(), "requested_by", requested.requestedBy())));
        LOG.debug("Deployment {} of {} on {}: dispatching workflow {} of {} ({})", requested.id(),
                requested.target().id(), requested.ref(), settings.workflow(requested.target()), settings.repository(),
                action);
        Deployment done;
        try {
            DispatchAccepted accepted = current.github().dispatch(dispatch);
            // Followed from now on: the follower finds it due at once.
            done = requested.dispatched(DeploymentStatus.DISPATCHED, null, accepted.runId(), accepted.runUrl(),
                    accepted.htmlUrl(), accepted.status(), null);
        } catch (DispatchFailedException e) {
            done = requested.dispatched(DeploymentStatus.FAILED, now(), null, null, null,
                    e.status() == 0 ? null : e.status(), e.getMessage());
        }
        store.update(done);
        LOG.debug("Deployment {}: {}", done.id(), done.status() == DeploymentStatus.DISPATCHED
                ? "GitHub accepted the dispatch" + (done.runId() == null ? "" : ", run " + done.runId())
                : "not dispatched: " + done.error());
        String detail = "ref " + done.ref() + "; deployment " + done.id()
                + (done.status() == DeploymentStatus.DISPATCHED
                        ? (done.runId() == null ? "; dispatched" : "; run " + done.runId())
                        : "; " + done.error());
        record(done.requestedBy(), done.target(), action,
                done.status() == DeploymentStatus.DISPATCHED ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE, detail);
        post(EventTopics.DEPLOYMENT_TRIGGERED, done);
        if (done.status().finished()) {
            finished(done);
        }
        return done;
    }

    /**
     * A deployment reached its outcome (after its verification, where its target has a verify URL): audited, counted,
     * posted.
     */
    private void finished(Deployment done) {
        Duration duration = done.duration();
        record("system", done.target(), OUTCOME_ACTION, done.good() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE,
                "ref " + done.ref() + "; deployment " + done.id() + "; " + done.status().id()
                        + (done.conclusion() == null ? "" : " (" + done.conclusion() + ")")
                        + (duration == null ? "" : " in " + duration.toSeconds() + " s")
                        + (done.verification() == null ? "" : "; verification " + done.verification().id())
                        + (done.error() == null ? "" : "; " + done.error()));
        Meters m = meters;
        if (m != null) {
            m.count(COUNT_METER, "Deployments that reached an outcome, by target and outcome", "target",
                    done.target().id(), "outcome", outcome(done));
            if (duration != null) {
                m.time(DURATION_METER, "How long deployment runs took, by target and outcome", duration, "target",
                        done.target().id(), "outcome", outcome(done));
            }
        }
        post(EventTopics.DEPLOYMENT_FINISHED, done);
    }

    /** The metrics' outcome: the status, or {@code verification_failed} for a run that succeeded but did not verify. */
    static String outcome(Deployment done) {
        return done.verification() == Verification.FAILED ? "verification_failed" : done.status().id();
    }

    /** Audits an action; a trail that cannot be written is logged, not thrown: the outcome already happened. */
    private void record(String actor, DeploymentTarget target, String action, AuditOutcome outcome, String detail) {
        try {
            audit.record(new AuditRecord(actor, action, target.id(), outcome, detail));
        } catch (RuntimeException e) {
            LOG.error("Could not audit {} {} by {} ({}): {}", action, target.id(), actor, outcome, detail, e);
        }
    }

    private void post(String topic, Deployment done) {
        EventAdmin current = events;
        if (current == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>(Map.of(
                "deployment_id", done.id(),
                "target", done.target().id(),
                "ref", done.ref(),
                "status", done.status().id(),
                EventTopics.PROP_REASON, outcome(done),
                EventTopics.PROP_TIMESTAMP, now().toEpochMilli()));
        if (done.duration() != null) {
            properties.put("duration_s", done.duration().toSeconds());
        }
        if (done.verification() != null) {
            properties.put("verification", done.verification().id());
        }
        current.postEvent(new Event(topic, properties));
    }

    /** The deployment with this id; empty for an unknown or malformed id. */
    public Optional<Deployment> find(String id) {
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            return Optional.empty();
        }
        return store.find(id);
    }

    /** Newest first; {@code target} and {@code status} narrow it when not null. */
    public Page list(int offset, int limit, DeploymentTarget target, DeploymentStatus status) {
        return new Page(store.list(offset, limit, target, status), store.count(target, status));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
