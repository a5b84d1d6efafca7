package org.nerava.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.nerava.platform.concurrent.DaemonThreads;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * GitHub's workflow dispatch API ({@code POST /repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches}) and its
 * workflow runs ({@code GET .../actions/runs/{id}}, with ETags and 304; {@code GET .../workflows/{workflow}/runs}),
 * the repository and its workflows ({@code GET /repos/{repo}}, {@code GET .../actions/workflows/{workflow}}) on
 * 127.0.0.1 and a free port, answering as the test says; anything else is GitHub's 404. Each accepted dispatch starts
 * a run, {@code queued} until the test moves it ({@link #start}, {@link #complete}). Unit tests point the client at
 * {@link #baseUrl()}, a Nerava server reaches it through {@link #environment()}.
 */
public final class FakeGitHub implements AutoCloseable {

    public static final String TOKEN = "github_pat_11ITEST000000000000_fakeTokenNeverToBeSeen";
    public static final String REPOSITORY = "nerava/deployments";
    private static final java.util.regex.Pattern METADATA = java.util.regex.Pattern
            .compile("/repos/([^/]+/[^/]+)(?:/actions/workflows/([^/]+))?");

    /** One request as received. */
    public record Received(String method, String path, Map<String, List<String>> headers, String body) {

        /** The first value of a request header, by case-insensitive name; null when absent. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String authorization() {
            return header("Authorization");
        }
    }

    /** A workflow run, made by an accepted dispatch and moved by the test. */
    public static final class Run {
        private final long id;
        private final String repository;
        private final String workflow;
        private final String ref;
        private final Instant createdAt = Instant.now();
        private final AtomicInteger requests = new AtomicInteger();
        private volatile String status = "queued";
        private volatile String conclusion;
        private volatile Instant startedAt;
        private volatile Instant updatedAt = createdAt;
        private volatile boolean gone;

        Run(long id, String repository, String workflow, String ref) {
            this.id = id;
            this.repository = repository;
            this.workflow = workflow;
            this.ref = ref;
        }

        public long id() {
            return id;
        }

        /** How many times a client asked about this run by its id (304s included). */
        public int requests() {
            return requests.get();
        }

        String json() {
            return "{\"id\":" + id + ",\"name\":\"" + workflow + "\",\"head_branch\":\"" + ref
                    + "\",\"event\":\"workflow_dispatch\",\"status\":\"" + status + "\",\"conclusion\":"
                    + (conclusion == null ? "null" : "\"" + conclusion + "\"") + ",\"html_url\":\"https://github.com/"
                    + repository + "/actions/runs/" + id + "\",\"created_at\":\"" + createdAt + "\",\"run_started_at\":"
                    + (startedAt == null ? "null" : "\"" + startedAt + "\"") + ",\"updated_at\":\"" + updatedAt + "\"}";
        }

        String etag() {
            return "\"" + Integer.toHexString((status + conclusion + updatedAt).hashCode()) + "\"";
        }
    }

    private final Map<Long, Run> runs = new ConcurrentHashMap<>();
    private final AtomicInteger throttledAnswers = new AtomicInteger();
    private volatile long throttleReset;
    private volatile String autoConclusion;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("fake-github"));
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicLong runIds = new AtomicLong(7_000_000_000L);
    /** The dispatch answer: a status, and a body (null: run details made up for each dispatch). */
    private volatile int status = 200;
    private volatile String body;
    private volatile boolean hang;
    private volatile long floodBytes;
    private volatile long delayMillis;

    public FakeGitHub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The environment pointing a Nerava server at this fake, with workflows for every target but merchant. */
    public Map<String, String> environment() {
        return Map.of("NERAVA_GITHUB_API_URL", baseUrl(), "NERAVA_GITHUB_TOKEN", TOKEN,
                "NERAVA_GITHUB_REPOSITORY", REPOSITORY,
                "NERAVA_DEPLOY_WORKFLOW_BACKEND", "deploy-backend.yml",
                "NERAVA_DEPLOY_WORKFLOW_DRIVER", "deploy-driver.yml",
                "NERAVA_DEPLOY_WORKFLOW_ADMIN", "deploy-admin.yml");
    }

    /** Dispatches answer 200 with run details (GitHub with {@code return_run_details}), a new run id each. */
    public void acceptWithRunDetails() {
        answer(200, null);
    }

    /** Dispatches answer 204 without a body (older GitHub Enterprise). */
    public void acceptWithoutRunDetails() {
        answer(204, "");
    }

    /** Dispatches answer this error status with GitHub's {@code {"message": ...}} body. */
    public void refuse(int errorStatus, String errorMessage) {
        answer(errorStatus, "{\"message\":\"" + errorMessage + "\",\"documentation_url\":"
                + "\"https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event\"}");
    }

    /** Dispatches answer exactly this: a status and a body (empty: none; null: made-up run details). */
    public void answer(int nextStatus, String nextBody) {
        hang = false;
        status = nextStatus;
        body = nextBody;
    }

    /** Takes every request and never answers it (until closed). */
    public void hang() {
        hang = true;
    }

    /** Dispatches answer 200 with a body of this many bytes, streamed until sent or the client stops reading. */
    public void flood(long bytes) {
        hang = false;
        floodBytes = bytes;
    }

    /** Answers after this delay. */
    public void delay(long millis) {
        delayMillis = millis;
    }

    /** The dispatch requests received, in order (what a deployment sends; the follower's reads are apart). */
    public List<Received> received() {
        return received.stream().filter(r -> r.path().endsWith("/dispatches")).toList();
    }

    /** Every request received, reads of runs included. */
    public List<Received> requests() {
        return List.copyOf(received);
    }

    /** The runs started by accepted dispatches, oldest first. */
    public List<Run> runs() {
        return runs.values().stream().sorted(java.util.Comparator.comparingLong(Run::id)).toList();
    }

    /** The run started by the latest accepted dispatch. */
    public Run lastRun() {
        List<Run> all = runs();
        if (all.isEmpty()) {
            throw new IllegalStateException("no dispatch was accepted yet");
        }
        return all.get(all.size() - 1);
    }

    /** The run is picked up by a runner: {@code in_progress}. */
    public void start(long runId) {
        Run run = runs.get(runId);
        run.startedAt = Instant.now();
        run.updatedAt = run.startedAt;
        run.status = "in_progress";
    }

    /** The run completes with this conclusion ({@code success}, {@code failure}, {@code cancelled}...). */
    public void complete(long runId, String conclusion) {
        Run run = runs.get(runId);
        if (run.startedAt == null) {
            run.startedAt = Instant.now();
        }
        run.conclusion = conclusion;
        run.updatedAt = Instant.now();
        run.status = "completed";
    }

    /** Every run started from now on completes at once with this conclusion (null: runs stay queued). */
    public void completeRunsWith(String conclusion) {
        autoConclusion = conclusion;
    }

    /** The run is answered 404 from now on (deleted, or never visible to the token). */
    public void forget(long runId) {
        runs.get(runId).gone = true;
    }

    /** The next {@code answers} questions about runs get 403 with a spent rate limit, reset at that epoch second. */
    public void throttle(int answers, long resetEpochSecond) {
        throttleReset = resetEpochSecond;
        throttledAnswers.set(answers);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()),
                requestBody));
        try {
            if (hang) {
                released.await(5, TimeUnit.MINUTES);
                exchange.close();
                return;
            }
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        if ("GET".equals(exchange.getRequestMethod()) && METADATA.matcher(path).matches()) {
            answerMetadata(exchange, path);
            return;
        }
        if ("GET".equals(exchange.getRequestMethod()) && path.contains("/actions/")) {
            answerRuns(exchange, path);
            return;
        }
        if (!path.endsWith("/dispatches") || !"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 404, "{\"message\":\"Not Found\"}");
            return;
        }
        if (floodBytes > 0) {
            stream(exchange, floodBytes);
            return;
        }
        int answerStatus = status;
        long run = runIds.incrementAndGet();
        if (answerStatus >= 200 && answerStatus < 300) {
            String repo = path.substring("/repos/".length(), path.indexOf("/actions/"));
            String workflow = path.substring(path.indexOf("/workflows/") + "/workflows/".length(),
                    path.length() - "/dispatches".length());
            java.util.regex.Matcher ref = java.util.regex.Pattern.compile("\"ref\"\\s*:\\s*\"([^\"]*)\"")
                    .matcher(requestBody);
            runs.put(run, new Run(run, repo, java.net.URLDecoder.decode(workflow, StandardCharsets.UTF_8),
                    ref.find() ? ref.group(1) : ""));
            if (autoConclusion != null) {
                complete(run, autoConclusion);
            }
        }
        String answer = body;
        send(exchange, answerStatus, answer != null ? answer : runDetails(path, run));
    }

    /**
     * A repository ({@code GET /repos/{repo}}) or one of its workflows ({@code GET .../actions/workflows/{workflow}}):
     * 401 without {@link #TOKEN}, 404 for another repository or a workflow of no target in {@link #environment()}.
     */
    private void answerMetadata(HttpExchange exchange, String path) throws IOException {
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "{\"message\":\"Bad credentials\"}");
            return;
        }
        java.util.regex.Matcher metadata = METADATA.matcher(path);
        metadata.matches();
        String workflow = metadata.group(2);
        boolean known = metadata.group(1).equals(REPOSITORY) && (workflow == null
                || environment().containsValue(java.net.URLDecoder.decode(workflow, StandardCharsets.UTF_8)));
        if (!known) {
            send(exchange, 404, "{\"message\":\"Not Found\"}");
            return;
        }
        send(exchange, 200, workflow == null ? "{\"full_name\":\"" + REPOSITORY + "\"}"
                : "{\"path\":\".github/workflows/" + workflow + "\",\"state\":\"active\"}");
    }

    private void answerRuns(HttpExchange exchange, String path) throws IOException {
        if (throttledAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.getResponseHeaders().add("x-ratelimit-remaining", "0");
            exchange.getResponseHeaders().add("x-ratelimit-reset", Long.toString(throttleReset));
            send(exchange, 403, "{\"message\":\"API rate limit exceeded\"}");
            return;
        }
        java.util.regex.Matcher one = java.util.regex.Pattern.compile("/repos/[^/]+/[^/]+/actions/runs/(\\d+)")
                .matcher(path);
        if (one.matches()) {
            Run run = runs.get(Long.parseLong(one.group(1)));
            if (run == null || run.gone) {
                send(exchange, 404, "{\"message\":\"Not Found\"}");
                return;
            }
            run.requests.incrementAndGet();
            String etag = run.etag();
            exchange.getResponseHeaders().add("ETag", etag);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            send(exchange, 200, run.json());
            return;
        }
        java.util.regex.Matcher list = java.util.regex.Pattern
                .compile("/repos/[^/]+/[^/]+/actions/workflows/([^/]+)/runs").matcher(path);
        if (list.matches()) {
            String workflow = java.net.URLDecoder.decode(list.group(1), StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getQuery() == null ? "" : exchange.getRequestURI().getQuery();
            String branch = java.util.Arrays.stream(query.split("&")).filter(p -> p.startsWith("branch="))
                    .map(p -> p.substring("branch=".length())).findFirst().orElse(null);
            List<String> matching = runs().stream().filter(r -> !r.gone && r.workflow.equals(workflow)
                    && (branch == null || r.ref.equals(branch))).sorted(java.util.Comparator.comparingLong(Run::id)
                    .reversed()).map(Run::json).toList();
            send(exchange, 200, "{\"total_count\":" + matching.size() + ",\"workflow_runs\":["
                    + String.join(",", matching) + "]}");
            return;
        }
        send(exchange, 404, "{\"message\":\"Not Found\"}");
    }

    private String runDetails(String dispatchPath, long run) {
        String repo = dispatchPath.substring("/repos/".length(), dispatchPath.indexOf("/actions/"));
        return "{\"workflow_run_id\":" + run + ",\"run_url\":\"https://api.github.com/repos/" + repo
                + "/actions/runs/" + run + "\",\"html_url\":\"https://github.com/" + repo + "/actions/runs/" + run
                + "\"}";
    }

    private static void stream(HttpExchange exchange, long bytes) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, 0); // chunked: no length announced
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        try (OutputStream out = exchange.getResponseBody()) {
            for (long sent = 0; sent < bytes; sent += chunk.length) {
                out.write(chunk);
            }
        } catch (IOException clientStoppedReading) {
            // what a capped client does
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        }
        boolean empty = status == 204 || bytes.length == 0;
        exchange.sendResponseHeaders(status, empty ? -1 : bytes.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
