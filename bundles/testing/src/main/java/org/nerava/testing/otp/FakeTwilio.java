package org.nerava.testing.otp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Twilio's REST API on 127.0.0.1 (an ephemeral port), for the real Twilio SDK to talk to: the unit tests of the
 * Twilio providers and the black-box tests of the server both point their client at it.
 *
 * <p>Three layers answer a request, the first that applies wins: a {@link Mode} other than {@code NORMAL} for the
 * product (Verify under {@code /v2/}, or Messaging and the account); then answers scripted per method and path
 * ({@link #answer}, {@link #error}, {@link #hang}, {@link #trickle}, {@link #flood}; later ones win); then, once
 * {@link #actLikeTwilio()} was called, Twilio's own answers for verifications, checks ({@link #VERIFY_CODE} is
 * approved), the Verify service, messages and the account. Anything else gets Twilio's 404 (error 20404). Every
 * request is recorded.
 */
public final class FakeTwilio implements AutoCloseable {

    public static final String ACCOUNT_SID = "AC00000000000000000000000000000001";
    public static final String AUTH_TOKEN = "fake-auth-token-0123456789abcdef";
    public static final String VERIFY_SID = "VA00000000000000000000000000000001";
    public static final String FROM = "+15005550006";
    /** The code the fake Verify service approves. */
    public static final String VERIFY_CODE = "246810";

    /** How a whole product answers, whatever was scripted. */
    public enum Mode { NORMAL, HANG, BAD_CREDENTIALS, SERVER_ERROR, RATE_LIMITED, MALFORMED_JSON }

    /** A request as the fake received it. */
    public record Received(String method, String path, Map<String, String> form, String authorization) {
    }

    private record Answer(String method, Pattern path, Behaviour behaviour) {
    }

    @FunctionalInterface
    private interface Behaviour {
        void handle(HttpExchange exchange, Map<String, String> form) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fake-twilio");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Mode verifyMode = Mode.NORMAL;
    private volatile Mode messagingMode = Mode.NORMAL;
    private volatile boolean likeTwilio;

    private FakeTwilio() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A fake that answers only what a test scripts (and 404 to the rest). */
    public static FakeTwilio start() {
        try {
            return new FakeTwilio();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fake that answers every call the Twilio providers make the way Twilio does when all is well. */
    public static FakeTwilio likeTwilio() {
        FakeTwilio fake = start();
        fake.actLikeTwilio();
        return fake;
    }

    /** What to configure as {@code apiBaseUrl}, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The environment that points a Nerava server's Twilio providers at this fake, with its account. */
    public Map<String, String> environment() {
        return Map.of("TWILIO_ACCOUNT_SID", ACCOUNT_SID, "TWILIO_AUTH_TOKEN", AUTH_TOKEN,
                "TWILIO_VERIFY_SERVICE_SID", VERIFY_SID, "TWILIO_FROM_NUMBER", FROM,
                "NERAVA_TWILIO_API_BASE_URL", baseUrl());
    }

    /** Answers what is not scripted as Twilio does; see the class comment. */
    public FakeTwilio actLikeTwilio() {
        likeTwilio = true;
        return this;
    }

    /** How every product answers from now on. */
    public void mode(Mode next) {
        verifyMode = next;
        messagingMode = next;
    }

    /** How Verify (paths under /v2/) answers; Messaging and the account keep their mode. */
    public void verifyMode(Mode next) {
        verifyMode = next;
    }

    /** Answers requests whose path matches the regular expression; later answers win over earlier ones. */
    public FakeTwilio answer(String method, String pathRegex, int status, String json) {
        return on(method, pathRegex, (exchange, form) -> respond(exchange, status, json));
    }

    /** Answers with Twilio's error body: {@code {"code":..,"message":..,"status":..}}. */
    public FakeTwilio error(String method, String pathRegex, int status, int code, String message) {
        return answer(method, pathRegex, status, error(code, message, status));
    }

    /** Reads the request and never answers (until the fake closes). */
    public FakeTwilio hang(String method, String pathRegex) {
        return on(method, pathRegex, (exchange, form) -> closing.await());
    }

    /** Sends the status line and headers, then one body byte every {@code everyMillis}, forever. */
    public FakeTwilio trickle(String method, String pathRegex, long everyMillis) {
        return on(method, pathRegex, (exchange, form) -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write('{');
                body.flush();
                while (!closing.await(everyMillis, TimeUnit.MILLISECONDS)) {
                    body.write(' ');
                    body.flush();
                }
            }
        });
    }

    /**
     * Answers 201 with a JSON body of {@code bytes} bytes, streamed as fast as the client reads it ({@code chunked}:
     * no length is declared up front, so only counting what is read can stop it).
     */
    public FakeTwilio flood(String method, String pathRegex, long bytes) {
        return on(method, pathRegex, (exchange, form) -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, 0);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try (OutputStream body = exchange.getResponseBody()) {
                body.write('{');
                for (long sent = 1; sent < bytes; sent += chunk.length) {
                    body.write(chunk, 0, (int) Math.min(chunk.length, bytes - sent));
                }
                body.write('}');
            } catch (IOException clientStoppedReading) {
                // what a capped client does
            }
        });
    }

    /** Every request received so far, in order. */
    public List<Received> received() {
        return List.copyOf(new ArrayList<>(received));
    }

    /** Requests received on paths ending with the suffix, e.g. {@code /Verifications} or {@code /Messages.json}. */
    public List<Received> received(String pathSuffix) {
        return received.stream().filter(r -> r.path().endsWith(pathSuffix)).toList();
    }

    public int count() {
        return received.size();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    private FakeTwilio on(String method, String pathRegex, Behaviour behaviour) {
        answers.add(0, new Answer(method, Pattern.compile(pathRegex), behaviour));
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            Map<String, String> form = form(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(exchange.getRequestMethod(), path, form,
                    exchange.getRequestHeaders().getFirst("Authorization")));
            Mode mode = path.startsWith("/v2/") ? verifyMode : messagingMode;
            if (mode != Mode.NORMAL) {
                failAs(mode, exchange);
                return;
            }
            for (Answer answer : answers) {
                if (answer.method().equalsIgnoreCase(exchange.getRequestMethod()) && answer.path().matcher(path).matches()) {
                    answer.behaviour().handle(exchange, form);
                    return;
                }
            }
            if (likeTwilio) {
                asTwilio(exchange, path, form);
            } else {
                notFound(exchange, path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private void failAs(Mode mode, HttpExchange exchange) throws IOException, InterruptedException {
        switch (mode) {
            case HANG -> closing.await();
            case BAD_CREDENTIALS -> respond(exchange, 401, error(20003, "Authentication Error - invalid username", 401));
            case SERVER_ERROR -> respond(exchange, 500, error(20500, "Internal Server Error", 500));
            case RATE_LIMITED -> respond(exchange, 429, error(20429, "Too Many Requests", 429));
            case MALFORMED_JSON -> respond(exchange, 201, "{\"sid\": \"VE1\", \"status\": ");
            default -> throw new IllegalArgumentException(mode.name());
        }
    }

    private static void asTwilio(HttpExchange exchange, String path, Map<String, String> form) throws IOException {
        if (path.endsWith("/Verifications")) {
            respond(exchange, 201, "{\"sid\":\"VE00000000000000000000000000000001\",\"service_sid\":\"" + VERIFY_SID
                    + "\",\"account_sid\":\"" + ACCOUNT_SID + "\",\"to\":\"" + form.get("To")
                    + "\",\"channel\":\"sms\",\"status\":\"pending\",\"valid\":false}");
        } else if (path.endsWith("/VerificationCheck")) {
            boolean approved = VERIFY_CODE.equals(form.get("Code"));
            respond(exchange, 200, "{\"sid\":\"VE00000000000000000000000000000001\",\"service_sid\":\"" + VERIFY_SID
                    + "\",\"status\":\"" + (approved ? "approved" : "pending") + "\",\"valid\":" + approved + "}");
        } else if (path.endsWith("/Messages.json")) {
            respond(exchange, 201, "{\"sid\":\"SM00000000000000000000000000000001\",\"account_sid\":\"" + ACCOUNT_SID
                    + "\",\"to\":\"" + form.get("To") + "\",\"status\":\"queued\"}");
        } else if (path.startsWith("/v2/Services/")) {
            respond(exchange, 200, "{\"sid\":\"" + VERIFY_SID + "\",\"account_sid\":\"" + ACCOUNT_SID
                    + "\",\"friendly_name\":\"Nerava\",\"code_length\":6}");
        } else if (path.startsWith("/2010-04-01/Accounts/")) {
            respond(exchange, 200, "{\"sid\":\"" + ACCOUNT_SID + "\",\"friendly_name\":\"Nerava test\","
                    + "\"status\":\"active\",\"type\":\"Full\"}");
        } else {
            notFound(exchange, path);
        }
    }

    private static void notFound(HttpExchange exchange, String path) throws IOException {
        respond(exchange, 404, error(20404, "The requested resource " + path + " was not found", 404));
    }

    private static String error(int code, String message, int status) {
        return "{\"code\":" + code + ",\"message\":\"" + message
                + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}";
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(bytes);
            }
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (!body.isEmpty()) {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.put(name, value);
            }
        }
        return form;
    }
}
