package org.nerava.otp.webhook.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on a loopback port that checks every request the way a third party following the Standard
 * Webhooks specification would, written from the specification and not from the provider's code: the three headers,
 * the timestamp within the tolerance, the HMAC-SHA256 of {@code id.timestamp.body} compared in constant time, and
 * each id accepted once. It answers 401 to anything that fails those checks, 409 to a replayed id, and otherwise
 * {@link #status} after {@link #delayMillis}.
 */
final class SignedWebhookReceiver implements AutoCloseable {

    /** How old a timestamp may be, either way; the specification's libraries default to five minutes. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** A request that passed every check. */
    record Accepted(String id, long timestamp, String body) {
    }

    private final byte[] key;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Set<String> seenIds = ConcurrentHashMap.newKeySet();
    final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    volatile int status = 204;
    volatile long delayMillis;

    SignedWebhookReceiver(String secret) throws IOException {
        this(secret, Clock.systemUTC(), 0);
    }

    SignedWebhookReceiver(String secret, Clock clock, int port) throws IOException {
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(threads);
        server.createContext("/otp", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/otp");
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
            answer = status;
        }
        exchange.sendResponseHeaders(answer, -1);
        exchange.close();
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
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(signature.substring(3));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                matches |= MessageDigest.isEqual(expected, given);
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
        } catch (Exception e) {
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
