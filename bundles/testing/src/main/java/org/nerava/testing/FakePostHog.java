package org.nerava.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * PostHog's batch capture API as tests need it, on 127.0.0.1 and a free port: records every request, answers
 * {@code 200 {"status":1}} unless told otherwise, and can hang (take the request and never answer) until released.
 */
public final class FakePostHog implements AutoCloseable {

    /** One request as it arrived. */
    public record Request(String method, String path, String contentType, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fake-posthog");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Queue<Integer> scripted = new ArrayDeque<>();
    private final AtomicInteger hanging = new AtomicInteger();
    private volatile CountDownLatch hang;

    public FakePostHog() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** The base URL to configure as the PostHog host, e.g. {@code http://127.0.0.1:41234}. */
    public String host() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests are answered with these statuses, in order; then 200 again. */
    public synchronized void answerNext(int... statuses) {
        for (int status : statuses) {
            scripted.add(status);
        }
    }

    /** From now on requests are read and never answered, until {@link #release()}. */
    public void hang() {
        if (hang == null) {
            hang = new CountDownLatch(1);
        }
    }

    /** Answers the hanging requests (if their clients still wait) and every later one at once. */
    public void release() {
        CountDownLatch latch = hang;
        hang = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Requests being held by {@link #hang()} right now. */
    public int hanging() {
        return hanging.get();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Waits until {@code condition} holds for the requests received so far, or fails after {@code timeout}. */
    public List<Request> await(Predicate<List<Request>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Request> now = requests();
            if (condition.test(now)) {
                return now;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("PostHog fake: condition not met within " + timeout + "; requests: " + requests());
    }

    private void handle(HttpExchange exchange) {
        try {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            CountDownLatch latch = hang;
            if (latch != null) {
                hanging.incrementAndGet();
                try {
                    latch.await(10, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    return;
                } finally {
                    hanging.decrementAndGet();
                }
            }
            int status;
            synchronized (this) {
                status = scripted.isEmpty() ? 200 : scripted.poll();
            }
            byte[] answer = (status == 200 ? "{\"status\":1}" : "{\"type\":\"fake\",\"status\":" + status + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (IOException clientGone) {
            // the client timed out and closed the connection: nothing to answer
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
