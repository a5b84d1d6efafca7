package org.nerava.itest.harness;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests one path in a loop on a background thread until closed, counting answers and failures, so a test can
 * prove that something it did (a feature install, an outage) never made that path fail.
 */
public final class HealthProbe implements AutoCloseable {

    private final NeravaServer server;
    private final String path;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public HealthProbe(NeravaServer server, String path) {
        this.server = server;
        this.path = path;
        this.thread = new Thread(this::loop, "health-probe " + path);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running.get()) {
            try {
                HttpResult result = server.get(path);
                if (result.status() != 200) {
                    failures.add(result.toString());
                }
            } catch (RuntimeException e) {
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
        running.set(false);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
