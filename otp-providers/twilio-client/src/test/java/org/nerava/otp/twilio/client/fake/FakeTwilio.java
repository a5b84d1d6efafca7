package org.nerava.otp.twilio.client.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
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
 * A fake Twilio REST API on 127.0.0.1 (an ephemeral port), for the real SDK to talk to: answers are set per method
 * and path, every request is recorded (path, form, Authorization), and an answer can also be "never" or "a trickle".
 * Unmatched requests get Twilio's 404 (error 20404).
 */
public final class FakeTwilio implements AutoCloseable {

    /** A request as the fake received it. */
    public record Received(String method, String path, Map<String, String> form, String authorization) {
    }

    private record Answer(String method, Pattern path, Behaviour behaviour) {
    }

    @FunctionalInterface
    private interface Behaviour {
        void handle(HttpExchange exchange) throws IOException, InterruptedException;
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

    private FakeTwilio() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeTwilio start() {
        try {
            return new FakeTwilio();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What to configure as {@code apiBaseUrl}, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers requests whose path matches the regular expression; later answers win over earlier ones. */
    public FakeTwilio answer(String method, String pathRegex, int status, String json) {
        return on(method, pathRegex, exchange -> respond(exchange, status, json));
    }

    /** Answers with Twilio's error body: {@code {"code":..,"message":..,"status":..}}. */
    public FakeTwilio error(String method, String pathRegex, int status, int code, String message) {
        return answer(method, pathRegex, status, "{\"code\":" + code + ",\"message\":\"" + message
                + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}");
    }

    /** Reads the request and never answers (until the fake closes). */
    public FakeTwilio hang(String method, String pathRegex) {
        return on(method, pathRegex, exchange -> closing.await());
    }

    /** Sends the status line and headers, then one body byte every {@code everyMillis}, forever. */
    public FakeTwilio trickle(String method, String pathRegex, long everyMillis) {
        return on(method, pathRegex, exchange -> {
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

    /** Every request received so far, in order. */
    public List<Received> received() {
        return Collections.unmodifiableList(new ArrayList<>(received));
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
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(exchange.getRequestMethod(), path, form(body),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            for (Answer answer : answers) {
                if (answer.method().equalsIgnoreCase(exchange.getRequestMethod()) && answer.path().matcher(path).matches()) {
                    answer.behaviour().handle(exchange);
                    return;
                }
            }
            respond(exchange, 404, "{\"code\":20404,\"message\":\"The requested resource " + path
                    + " was not found\",\"status\":404}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
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
