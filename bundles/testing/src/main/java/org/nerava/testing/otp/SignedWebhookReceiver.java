package org.nerava.testing.otp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The receiving end of the webhook OTP provider on a loopback port, written from the Standard Webhooks specification
 * and not from the provider's code, as a third party would: it checks the three headers, the timestamp within five
 * minutes either way, the HMAC-SHA256 of {@code id.timestamp.body} in constant time, and each id once. It answers 401
 * to anything that fails those checks (409 to a replayed id) and lists why; an authentic {@code otp.code} event's code
 * is kept by phone instead of being texted, an {@code otp.ping} is counted, and both are answered {@link #status(int)}
 * (204 unless told) after {@link #delay(long)}. Any other event type gets 400.
 */
public final class SignedWebhookReceiver implements AutoCloseable {

    /** A Standard Webhooks secret of 24 bytes, without base64 padding so that it passes through a shell as is. */
    public static final String SECRET = "whsec_TmVyYXZhIHdlYmhvb2sgdGVzdCBzZWNyZXQh";
    /** How old a timestamp may be, either way; the specification's libraries default to five minutes. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** A request that passed every check. */
    public record Accepted(String id, long timestamp, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] key;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "webhook-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<String> seenIds = ConcurrentHashMap.newKeySet();
    private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> codes = new ConcurrentHashMap<>();
    private final List<String> pings = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 204;
    private volatile long delayMillis;

    public SignedWebhookReceiver(String secret) {
        this(secret, Clock.systemUTC(), 0);
    }

    /** @param port 0 for any free one; a given one to stand up again where a provider already points */
    public SignedWebhookReceiver(String secret, Clock clock, int port) {
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        this.clock = clock;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
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

    /** The status authentic events are answered with from now on. */
    public void status(int next) {
        status = next;
    }

    /** How long to wait before answering an authentic event. */
    public void delay(long millis) {
        delayMillis = millis;
    }

    /** Requests received, authentic or not. */
    public int requests() {
        return requests.get();
    }

    public List<Accepted> accepted() {
        return accepted;
    }

    /** Why requests were refused, in order: {@code missing header}, {@code signature mismatch}, {@code replay of …}. */
    public List<String> refused() {
        return refused;
    }

    /** Ids of the {@code otp.ping} events received. */
    public List<String> pings() {
        return pings;
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
            pause(20);
        }
        throw new AssertionError("no webhook event for " + phoneE164 + "; refused: " + refused);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        String failure = verify(exchange, body);
        int answer;
        if (failure != null) {
            refused.add(failure);
            answer = failure.startsWith("replay") ? 409 : 401;
        } else {
            pause(delayMillis);
            answer = keep(JSON.readTree(body), exchange.getRequestHeaders().getFirst("webhook-id")) ? status : 400;
        }
        exchange.sendResponseHeaders(answer, -1);
        exchange.close();
    }

    private boolean keep(JsonNode event, String id) {
        switch (event.path("type").asText()) {
            case "otp.code" -> codes.computeIfAbsent(event.at("/data/phone").asText(), p -> new CopyOnWriteArrayList<>())
                    .add(event.at("/data/code").asText());
            case "otp.ping" -> pings.add(id);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** @return why the request is refused, or null when it is authentic and new */
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
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return "timestamp outside tolerance";
        }
        byte[] expected = hmac((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        boolean matches = false;
        // The header may list several space-separated signatures (key rotation); any v1 one may match.
        for (String signature : signatures.split(" ")) {
            if (signature.startsWith("v1,")) {
                try {
                    matches |= MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)));
                } catch (IllegalArgumentException notBase64) {
                    // not a match
                }
            }
        }
        if (!matches) {
            return "signature mismatch";
        }
        // Checked last, so an attacker cannot burn an id with a forged request.
        if (!seenIds.add(id)) {
            return "replay of " + id;
        }
        accepted.add(new Accepted(id, seconds, new String(body, StandardCharsets.UTF_8)));
        return null;
    }

    private byte[] hmac(byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
