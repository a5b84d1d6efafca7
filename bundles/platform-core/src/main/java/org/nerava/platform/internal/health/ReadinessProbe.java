package org.nerava.platform.internal.health;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;

/**
 * Runs readiness checks on a small bounded pool with a deadline, so a hung database or a slow check can cost a
 * readiness probe its answer but never an HTTP thread or unbounded memory.
 */
public final class ReadinessProbe implements AutoCloseable {

    static final long DEADLINE_MILLIS = 2_000;
    private static final int THREADS = 8;
    private static final int QUEUE = 64;

    private final ExecutorService pool;
    private final Map<ReadinessCheck, CompletableFuture<Readiness>> inFlight = new ConcurrentHashMap<>();
    private final long deadlineMillis;

    ReadinessProbe() {
        this(DEADLINE_MILLIS);
    }

    ReadinessProbe(long deadlineMillis) {
        this.deadlineMillis = deadlineMillis;
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE),
                DaemonThreads.numbered("nerava-readiness"), new ThreadPoolExecutor.AbortPolicy());
        ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
    }

    /** The outcome of one probe: overall readiness and each check's result keyed by name. */
    public record Report(boolean ready, Map<String, Map<String, Object>> checks) {
    }

    CompletableFuture<Report> run(List<ReadinessCheck> checks) {
        Map<ReadinessCheck, CompletableFuture<Readiness>> running = new LinkedHashMap<>();
        for (ReadinessCheck check : checks) {
            running.put(check, start(check));
        }
        return CompletableFuture.allOf(running.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            boolean ready = true;
            Map<String, Map<String, Object>> results = new LinkedHashMap<>();
            for (Map.Entry<ReadinessCheck, CompletableFuture<Readiness>> entry : running.entrySet()) {
                ReadinessCheck check = entry.getKey();
                Readiness result = entry.getValue().join();
                if (check.critical() && result.status() == Readiness.Status.DOWN) {
                    ready = false;
                }
                Map<String, Object> shown = new LinkedHashMap<>();
                shown.put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
                shown.put("critical", check.critical());
                if (result.detail() != null) {
                    shown.put("detail", result.detail());
                }
                shown.putAll(result.details());
                results.put(check.name(), shown);
            }
            return new Report(ready, results);
        });
    }

    private CompletableFuture<Readiness> start(ReadinessCheck check) {
        CompletableFuture<Readiness> run;
        try {
            // One run per check at a time: a check that hangs holds one thread, whatever the probe rate, and
            // later probes wait on the same run instead of taking the threads every other check needs.
            run = inFlight.compute(check, (key, previous) -> previous != null && !previous.isDone() ? previous
                    : CompletableFuture.supplyAsync(() -> answerOf(key), pool));
        } catch (RejectedExecutionException busy) {
            return CompletableFuture.completedFuture(Readiness.down("too many readiness checks in flight"));
        }
        run.whenComplete((result, failure) -> inFlight.remove(check, run));
        // The deadline applies to a copy, so timing this probe out does not complete the shared run.
        return run.copy()
                .completeOnTimeout(Readiness.down("no answer within " + deadlineMillis + " ms"), deadlineMillis,
                        TimeUnit.MILLISECONDS)
                .exceptionally(failure -> Readiness.down("check failed: " + rootMessage(failure)));
    }

    private static Readiness answerOf(ReadinessCheck check) {
        Readiness result = check.check();
        return result != null ? result : Readiness.down("the check gave no answer");
    }

    private static String rootMessage(Throwable failure) {
        // Cause chains can loop; stop at the last cause not seen before.
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = failure;
        seen.add(root);
        while (root.getCause() != null && seen.add(root.getCause())) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
