package org.nerava.analytics.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.event.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A bounded queue of events and the one thread that sends them to PostHog in batches: when {@code batchSize} are
 * waiting, or {@code flushInterval} after the first of a batch arrived. A batch that fails with a timeout, a network
 * error, 408, 429 or 5xx is tried again after a growing pause, at most {@code maxRetries} times; then, or at once
 * for any other refusal, it is counted as failed and the next one goes.
 *
 * <p>{@link #offer} is all that event delivery threads do: it never blocks and never touches the network; a full
 * queue drops the event and counts it. Stopping gives what is left one last try of at most {@link #LAST_FLUSH}.
 */
final class BatchSender {

    /** How long the last flush may take when the sender stops. */
    static final Duration LAST_FLUSH = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVER_ID_PREFIX = "nerava-server:";
    private static final AtomicInteger THREADS = new AtomicInteger();

    private record Queued(Event event, long receivedAtMillis) {
    }

    private final AnalyticsSettings settings;
    private final AnalyticsCounters counters;
    private final Path serverIdFile;
    private final BlockingQueue<Queued> queue;
    private final ExecutorService httpThreads;
    private final PostHogClient client;
    private final Thread thread;
    // Owned by the sender thread; batchInHand is read by queued().
    private final List<Queued> batch = new ArrayList<>();
    private String batchBody;
    private volatile int batchInHand;
    private volatile long stopRequestedAt;
    private volatile boolean stopping;

    private BatchSender(AnalyticsSettings settings, AnalyticsCounters counters, Path serverIdFile) {
        this.settings = settings;
        this.counters = counters;
        this.serverIdFile = serverIdFile;
        this.queue = new LinkedBlockingQueue<>(settings.queueCapacity());
        int n = THREADS.incrementAndGet();
        this.httpThreads = Executors.newFixedThreadPool(2, task -> daemon(task, "nerava-analytics-http-" + n));
        this.client = new PostHogClient(settings.batchUri(), settings.connectTimeout(), settings.maxResponseBytes(),
                httpThreads);
        this.thread = daemon(this::run, "nerava-analytics-sender-" + n);
    }

    /**
     * A running sender.
     *
     * @param serverIdFile where this node's anonymous distinct id is kept, or null for one per start
     */
    static BatchSender start(AnalyticsSettings settings, AnalyticsCounters counters, Path serverIdFile) {
        BatchSender sender = new BatchSender(settings, counters, serverIdFile);
        sender.thread.start();
        return sender;
    }

    /** Queues the event, or drops and counts it when the queue is full. Never blocks. */
    void offer(Event event) {
        if (stopping || !queue.offer(new Queued(event, System.currentTimeMillis()))) {
            counters.dropped(1);
        }
    }

    /** Events waiting, the batch being sent included. */
    int queued() {
        return queue.size() + batchInHand;
    }

    PostHogClient client() {
        return client;
    }

    /** Asks the sender to stop; it gives what is left one last try of at most {@link #LAST_FLUSH}, then ends. */
    void requestStop() {
        if (!stopping) {
            stopRequestedAt = System.nanoTime();
            stopping = true;
            thread.interrupt();
        }
    }

    /** {@link #requestStop()} and wait for the sender to end: a little over {@link #LAST_FLUSH} at most. */
    void stop() {
        requestStop();
        try {
            thread.join(LAST_FLUSH.toMillis() + 250);
            if (thread.isAlive()) {
                // The last flush overran (a connect that hangs): cancel it; the thread ends at once.
                thread.interrupt();
                thread.join(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Analytics sender did not stop within {} ms; it ends when its last request does",
                    LAST_FLUSH.toMillis() + 500);
        }
    }

    private void run() {
        PostHogEvents events = new PostHogEvents(serverDistinctId());
        try {
            while (!stopping) {
                fillBatch();
                try {
                    deliver(events);
                } catch (RuntimeException e) {
                    LOG.error("Analytics: unexpected failure while sending a batch", e);
                    fail("unexpected failure: " + e.getClass().getSimpleName());
                }
            }
        } catch (InterruptedException stopRequested) {
            // what is left gets one last try below
        } finally {
            try {
                lastFlush(events);
            } finally {
                httpThreads.shutdownNow();
            }
        }
    }

    /** Waits for an event, then for more until the batch is full or {@code flushInterval} has passed. */
    private void fillBatch() throws InterruptedException {
        add(queue.take());
        long deadline = System.nanoTime() + settings.flushInterval().toNanos();
        while (batch.size() < settings.batchSize()) {
            long wait = deadline - System.nanoTime();
            Queued next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            add(next);
        }
    }

    private void add(Queued event) {
        batch.add(event);
        batchInHand = batch.size();
    }

    private void deliver(PostHogEvents events) throws InterruptedException {
        String body = body(events);
        if (body == null) {
            return;
        }
        Duration hardLimit = settings.connectTimeout().plus(settings.requestTimeout()).plusSeconds(1);
        for (int attempt = 1; ; attempt++) {
            PostHogClient.Outcome outcome = client.post(body, settings.requestTimeout(), hardLimit);
            switch (outcome.kind()) {
                case SENT -> {
                    if (counters.sent(batch.size())) {
                        LOG.info("Analytics: PostHog accepts events again");
                    }
                    clearBatch();
                    return;
                }
                case REFUSED -> {
                    fail(outcome.error());
                    return;
                }
                case RETRY -> {
                    if (attempt > settings.maxRetries()) {
                        fail(outcome.error() + " (" + attempt + (attempt == 1 ? " attempt)" : " attempts)"));
                        return;
                    }
                    counters.retried(outcome.error());
                    LOG.debug("Analytics: batch of {} events not sent ({}); retry {} of {}", batch.size(),
                            outcome.error(), attempt, settings.maxRetries());
                    Thread.sleep(pauseBefore(attempt, outcome).toMillis());
                }
            }
        }
    }

    private Duration pauseBefore(int retry, PostHogClient.Outcome outcome) {
        Duration backoff = settings.backoffBefore(retry);
        Duration wanted = outcome.retryAfter().compareTo(backoff) > 0 ? outcome.retryAfter() : backoff;
        return wanted.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wanted;
    }

    private void fail(String error) {
        LOG.warn("Analytics: a batch of {} event(s) was not sent to PostHog: {}", batch.size(), error);
        counters.failed(batch.size(), error);
        clearBatch();
    }

    /**
     * One try, within {@link #LAST_FLUSH} of the stop request, for the batch in hand and then whatever is queued,
     * until a batch fails or the time is up; what is left then is counted as dropped.
     */
    private void lastFlush(PostHogEvents events) {
        Thread.interrupted(); // the stop request; stop() interrupts again if this overruns
        long deadline = stopRequestedAt + LAST_FLUSH.toNanos();
        try {
            while (true) {
                if (batch.isEmpty()) {
                    List<Queued> next = new ArrayList<>();
                    queue.drainTo(next, settings.batchSize());
                    if (next.isEmpty()) {
                        return;
                    }
                    next.forEach(this::add);
                }
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                if (left.toMillis() < 50) {
                    break;
                }
                String body = body(events);
                if (body == null) {
                    continue;
                }
                Duration timeout = left.compareTo(settings.requestTimeout()) < 0 ? left : settings.requestTimeout();
                PostHogClient.Outcome outcome = client.post(body, timeout, left);
                if (outcome.kind() != PostHogClient.Outcome.Kind.SENT) {
                    // PostHog is failing: more tries would only make the stop slower.
                    fail(outcome.error() + " (last try while stopping)");
                    break;
                }
                counters.sent(batch.size());
                clearBatch();
            }
        } catch (InterruptedException e) {
            // stop() gave up waiting
        }
        int left = batch.size() + queue.size();
        if (left > 0) {
            counters.dropped(left);
            LOG.warn("Analytics: {} event(s) dropped: the sender stopped before they could be sent", left);
        }
        clearBatch();
        queue.clear();
    }

    /** The batch as PostHog's batch API wants it, made once per batch (a retry sends the same event uuids). */
    private String body(PostHogEvents events) {
        if (batchBody == null) {
            List<Map<String, Object>> captures = new ArrayList<>(batch.size());
            for (Queued queued : batch) {
                captures.add(events.capture(queued.event(), queued.receivedAtMillis()));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("api_key", settings.apiKey());
            body.put("batch", captures);
            try {
                batchBody = JSON.writeValueAsString(body);
            } catch (JsonProcessingException | RuntimeException e) {
                fail("cannot write the batch: " + e.getClass().getSimpleName());
            }
        }
        return batchBody;
    }

    private void clearBatch() {
        batch.clear();
        batchBody = null;
        batchInHand = 0;
    }

    /**
     * The distinct id of events that concern no driver: {@code nerava-server:<uuid>}, made once per node and kept in
     * the bundle's data area, so a node's events stay together across restarts without saying anything about it.
     */
    private String serverDistinctId() {
        if (serverIdFile != null) {
            try {
                if (Files.exists(serverIdFile)) {
                    String kept = Files.readString(serverIdFile).strip();
                    if (PostHogEvents.driverPublicId(kept) != null) {
                        return SERVER_ID_PREFIX + kept;
                    }
                }
                String made = UUID.randomUUID().toString();
                Files.createDirectories(serverIdFile.toAbsolutePath().getParent());
                Files.writeString(serverIdFile, made);
                return SERVER_ID_PREFIX + made;
            } catch (IOException e) {
                LOG.warn("Analytics: cannot keep this node's id in {} ({}); using one for this start only",
                        serverIdFile, e.toString());
            }
        }
        return SERVER_ID_PREFIX + UUID.randomUUID();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
