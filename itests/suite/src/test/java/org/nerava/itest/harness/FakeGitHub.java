package org.nerava.itest.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * GitHub's workflow dispatch API ({@code POST /repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches}) on
 * 127.0.0.1, answering as the test says. A Nerava server reaches it through {@code NERAVA_GITHUB_API_URL}.
 */
public final class FakeGitHub implements AutoCloseable {

    public static final String TOKEN = "github_pat_11ITEST000000000000_fakeTokenNeverToBeSeen";
    public static final String REPOSITORY = "nerava/deployments";

    /** One request as received. */
    public record Received(String method, String path, String authorization, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicLong runIds = new AtomicLong(7_000_000_000L);
    private volatile int status = 200;
    private volatile String message;
    private volatile boolean hang;

    public FakeGitHub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-github");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The environment pointing a Nerava server at this fake, with workflows for backend and driver only. */
    public Map<String, String> environment() {
        return Map.of("NERAVA_GITHUB_API_URL", baseUrl(), "NERAVA_GITHUB_TOKEN", TOKEN,
                "NERAVA_GITHUB_REPOSITORY", REPOSITORY,
                "NERAVA_DEPLOY_WORKFLOW_BACKEND", "deploy-backend.yml",
                "NERAVA_DEPLOY_WORKFLOW_DRIVER", "deploy-driver.yml");
    }

    /** Answers 200 with run details (GitHub with {@code return_run_details}). */
    public void acceptWithRunDetails() {
        hang = false;
        status = 200;
    }

    /** Answers 204 without a body (older GitHub Enterprise). */
    public void acceptWithoutRunDetails() {
        hang = false;
        status = 204;
    }

    /** Answers this error status with GitHub's {@code {"message": ...}} body. */
    public void refuse(int errorStatus, String errorMessage) {
        hang = false;
        status = errorStatus;
        message = errorMessage;
    }

    /** Accepts requests and never answers them (until closed). */
    public void hang() {
        hang = true;
    }

    public List<Received> received() {
        return received;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(exchange.getRequestMethod(), path,
                exchange.getRequestHeaders().getFirst("Authorization"), body));
        if (hang) {
            try {
                released.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        int answer = status;
        if (!path.endsWith("/dispatches") || !"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 404, "{\"message\":\"Not Found\"}");
        } else if (answer == 200) {
            long run = runIds.incrementAndGet();
            String repo = path.substring("/repos/".length(), path.indexOf("/actions/"));
            send(exchange, 200, "{\"workflow_run_id\":" + run + ",\"run_url\":\"https://api.github.com/repos/" + repo
                    + "/actions/runs/" + run + "\",\"html_url\":\"https://github.com/" + repo + "/actions/runs/" + run
                    + "\"}");
        } else if (answer == 204) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        } else {
            send(exchange, answer, "{\"message\":\"" + message + "\",\"documentation_url\":"
                    + "\"https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
