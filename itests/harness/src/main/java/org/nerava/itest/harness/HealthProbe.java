package org.nerava.itest.harness;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Requests one path (or runs one request of the test's making) in a loop on a background thread until closed,
 * counting answers and failures, so a test can prove that something it did (a feature install, an outage) never
 * made that request fail. Anything but a 200 is a failure.
 */
public final class HealthProbe implements AutoCloseable {

    private final Supplier<HttpResult> request;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public HealthProbe(NeravaServer server, String path) {
        this(path, () -> server.get(path));
    }

    /** @param request one request, e.g. an authorised GET or a whole sign-in; it may throw to report a failure */
    public HealthProbe(String name, Supplier<HttpResult> request) {
        this.request = request;
        this.thread = new Thread(this::loop, "health-probe " + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running.get()) {
            try {
                HttpResult result = request.get();
                if (result.status() != 200) {
                    failures.add(result.toString());
                }
            } catch (RuntimeException | AssertionError e) {
                failures.add(e.toString());
            }
            requests.incrementAndGet();
            NeravaServer.sleep(5);
        }
    }

    public int requests() {
        return requests.get();
    }

    public List<String> failures() {
        return failures;
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops probing (waiting for the request under way), so a test can read the figures before the block ends. */
    public void stop() {
        running.set(false);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
