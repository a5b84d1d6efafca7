package org.nerava.itest.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Twilio's REST API as the SDK sees it, on 127.0.0.1: Verify v2 (verifications, checks, service), Programmable
 * Messaging and the account, with a switchable failure mode. The server under test reaches it through
 * {@code NERAVA_TWILIO_API_BASE_URL}.
 */
public final class FakeTwilio implements AutoCloseable {

    public static final String ACCOUNT_SID = "AC00000000000000000000000000000001";
    public static final String AUTH_TOKEN = "fake-auth-token-0123456789abcdef";
    public static final String VERIFY_SID = "VA00000000000000000000000000000001";
    public static final String FROM = "+15005550006";
    /** The code the fake Verify service accepts. */
    public static final String VERIFY_CODE = "246810";

    /** How the fake answers every request. */
    public enum Mode { NORMAL, HANG, BAD_CREDENTIALS, SERVER_ERROR, RATE_LIMITED, MALFORMED_JSON }

    /** One request as received: method, path and form fields. */
    public record Received(String method, String path, Map<String, String> form) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Mode verifyMode = Mode.NORMAL;
    private volatile Mode messagingMode = Mode.NORMAL;

    public FakeTwilio() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-twilio");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The environment that points a Nerava server's Twilio providers at this fake. */
    public Map<String, String> environment() {
        return Map.of("TWILIO_ACCOUNT_SID", ACCOUNT_SID, "TWILIO_AUTH_TOKEN", AUTH_TOKEN,
                "TWILIO_VERIFY_SERVICE_SID", VERIFY_SID, "TWILIO_FROM_NUMBER", FROM,
                "NERAVA_TWILIO_API_BASE_URL", baseUrl());
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

    /** Requests received on paths ending with the suffix, e.g. {@code /Verifications} or {@code /Messages.json}. */
    public List<Received> received(String pathSuffix) {
        return received.stream().filter(r -> r.path().endsWith(pathSuffix)).toList();
    }

    public List<Received> received() {
        return received;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(exchange.getRequestMethod(), path, form(body)));
        Mode mode = path.startsWith("/v2/") ? verifyMode : messagingMode;
        switch (mode) {
            case HANG -> {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            case BAD_CREDENTIALS -> {
                answer(exchange, 401, error(20003, "Authentication Error - invalid username", 401));
                return;
            }
            case SERVER_ERROR -> {
                answer(exchange, 500, error(20500, "Internal Server Error", 500));
                return;
            }
            case RATE_LIMITED -> {
                answer(exchange, 429, error(20429, "Too Many Requests", 429));
                return;
            }
            case MALFORMED_JSON -> {
                answer(exchange, 201, "{\"sid\": \"VE1\", \"status\": ");
                return;
            }
            default -> normal(exchange, path, form(body));
        }
    }

    private void normal(HttpExchange exchange, String path, Map<String, String> form) throws IOException {
        if (path.endsWith("/Verifications")) {
            answer(exchange, 201, "{\"sid\":\"VE00000000000000000000000000000001\",\"service_sid\":\"" + VERIFY_SID
                    + "\",\"account_sid\":\"" + ACCOUNT_SID + "\",\"to\":\"" + form.get("To")
                    + "\",\"channel\":\"sms\",\"status\":\"pending\",\"valid\":false}");
        } else if (path.endsWith("/VerificationCheck")) {
            boolean approved = VERIFY_CODE.equals(form.get("Code"));
            answer(exchange, 200, "{\"sid\":\"VE00000000000000000000000000000001\",\"service_sid\":\"" + VERIFY_SID
                    + "\",\"status\":\"" + (approved ? "approved" : "pending") + "\",\"valid\":" + approved + "}");
        } else if (path.endsWith("/Messages.json")) {
            answer(exchange, 201, "{\"sid\":\"SM00000000000000000000000000000001\",\"account_sid\":\"" + ACCOUNT_SID
                    + "\",\"to\":\"" + form.get("To") + "\",\"status\":\"queued\"}");
        } else if (path.startsWith("/v2/Services/")) {
            answer(exchange, 200, "{\"sid\":\"" + VERIFY_SID + "\",\"account_sid\":\"" + ACCOUNT_SID
                    + "\",\"friendly_name\":\"Nerava\",\"code_length\":6}");
        } else if (path.startsWith("/2010-04-01/Accounts/")) {
            answer(exchange, 200, "{\"sid\":\"" + ACCOUNT_SID + "\",\"friendly_name\":\"Nerava test\","
                    + "\"status\":\"active\",\"type\":\"Full\"}");
        } else {
            answer(exchange, 404, error(20404, "The requested resource was not found", 404));
        }
    }

    private static String error(int code, String message, int status) {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\",\"more_info\":\"\",\"status\":" + status + "}";
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
