package org.nerava.itest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The receiving end of the webhook OTP provider on a loopback port, as an integrator would write it from the
 * Standard Webhooks specification: checks the headers, the timestamp (five minutes either way), the HMAC-SHA256 of
 * {@code id.timestamp.body} in constant time and each id once, then keeps the code of each {@code otp.code} event
 * by phone instead of texting it. Refused requests are answered 401 (409 for a replayed id) and listed.
 */
public final class FakeWebhookReceiver implements AutoCloseable {

    /** A Standard Webhooks secret of 24 bytes, without base64 padding so that it passes through the shell as is. */
    public static final String SECRET = "whsec_TmVyYXZhIHdlYmhvb2sgdGVzdCBzZWNyZXQh";

    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] key;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Set<String> seenIds = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> codes = new ConcurrentHashMap<>();
    private final List<String> pings = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    public FakeWebhookReceiver(String secret) {
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/otp", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/otp";
    }

    /** Codes received for the phone, oldest first. */
    public List<String> codes(String phoneE164) {
        return codes.getOrDefault(phoneE164, List.of());
    }

    /** Waits up to ten seconds for a code to the phone beyond the {@code known} ones. */
    public String awaitCode(String phoneE164, int known) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> received = codes(phoneE164);
            if (received.size() > known) {
                return received.get(received.size() - 1);
            }
            NeravaServer.sleep(20);
        }
        throw new AssertionError("no webhook event for " + phoneE164 + "; refused: " + refused);
    }

    public List<String> pings() {
        return pings;
    }

    public List<String> refused() {
        return refused;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String failure = verify(exchange, body);
        int status = 204;
        if (failure != null) {
            refused.add(failure);
            status = failure.startsWith("replay") ? 409 : 401;
        } else {
            JsonNode event = JSON.readTree(body);
            switch (event.path("type").asText()) {
                case "otp.code" -> codes.computeIfAbsent(event.at("/data/phone").asText(), p -> new CopyOnWriteArrayList<>())
                        .add(event.at("/data/code").asText());
                case "otp.ping" -> pings.add(exchange.getRequestHeaders().getFirst("webhook-id"));
                default -> status = 400;
            }
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private String verify(HttpExchange exchange, byte[] body) {
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            return "missing header";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "bad timestamp";
        }
        if (Math.abs(Instant.now().getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return "timestamp outside tolerance";
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            expected = mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        boolean matches = false;
        for (String signature : signatures.split(" ")) {
            if (signature.startsWith("v1,")) {
                try {
                    matches |= MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)));
                } catch (IllegalArgumentException ignored) {
                    // not base64: not a match
                }
            }
        }
        if (!matches) {
            return "signature mismatch";
        }
        return seenIds.add(id) ? null : "replay of " + id;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
