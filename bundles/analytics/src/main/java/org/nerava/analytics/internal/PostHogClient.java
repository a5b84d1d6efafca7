package org.nerava.analytics.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.nerava.platform.http.LimitedBodies;

/**
 * Posts one batch to PostHog's batch capture endpoint and says what came of it. Every call is bounded: the connect
 * timeout, the request timeout (until the answer starts), and a hard limit around the whole exchange. What it
 * reports never contains the request body (which holds the API key) nor the answer's body.
 */
final class PostHogClient {

    /** What came of one request. */
    record Outcome(Kind kind, String error, Duration retryAfter) {

        enum Kind {
            /** PostHog took the batch (2xx). */
            SENT,
            /** PostHog refused it (any other 4xx, a 3xx): sending it again would not help. */
            REFUSED,
            /** A timeout, a network error, 408, 429 or 5xx: worth another try. */
            RETRY
        }

        static Outcome sent() {
            return new Outcome(Kind.SENT, null, Duration.ZERO);
        }
    }

    private final URI batchUri;
    private final HttpClient http;
    private final long maxResponseBytes;

    PostHogClient(URI batchUri, Duration connectTimeout, long maxResponseBytes, Executor executor) {
        this.batchUri = batchUri;
        this.maxResponseBytes = maxResponseBytes;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI batchUri() {
        return batchUri;
    }

    /**
     * Posts the JSON body.
     *
     * @param timeout how long PostHog has to start answering (the request timeout)
     * @param hardLimit how long the whole exchange may take, connection included; then it is cancelled
     * @throws InterruptedException when the sender is being stopped; the request is cancelled
     */
    Outcome post(String json, Duration timeout, Duration hardLimit) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(batchUri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", PostHogEvents.LIBRARY)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        CompletableFuture<HttpResponse<Void>> exchange =
                http.sendAsync(request, LimitedBodies.discarding(maxResponseBytes));
        try {
            HttpResponse<Void> response = exchange.get(hardLimit.toMillis(), TimeUnit.MILLISECONDS);
            return outcome(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return retry("no answer within " + hardLimit.toMillis() + " ms");
        } catch (ExecutionException e) {
            return retry(describe(e.getCause()));
        }
    }

    static Outcome outcome(int status, String retryAfter) {
        if (status >= 200 && status < 300) {
            return Outcome.sent();
        }
        String error = "PostHog answered " + status;
        if (status == 429 || status == 408 || status >= 500) {
            return new Outcome(Outcome.Kind.RETRY, error, retryAfter(retryAfter));
        }
        return new Outcome(Outcome.Kind.REFUSED, error + hint(status), Duration.ZERO);
    }

    private static String hint(int status) {
        return switch (status) {
            case 401, 403 -> " (is the API key right?)";
            case 404 -> " (is the host right?)";
            case 301, 302, 307, 308 -> " (redirect: is the host's scheme right?)";
            default -> "";
        };
    }

    private static Outcome retry(String error) {
        return new Outcome(Outcome.Kind.RETRY, error, Duration.ZERO);
    }

    private static String describe(Throwable cause) {
        LimitedBodies.TooLarge tooLarge = LimitedBodies.TooLarge.in(cause);
        if (tooLarge != null) {
            return "PostHog answered more than " + tooLarge.limit() + " bytes (not read further; maxResponseBytes)";
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "no connection within the connect timeout";
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer within the request timeout";
        }
        if (cause instanceof ConnectException) {
            return "connection refused or unreachable";
        }
        if (cause instanceof IOException) {
            return "network error: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        return "request failed: " + cause;
    }

    /** Retry-After in seconds (the HTTP-date form is ignored); at most a minute. */
    private static Duration retryAfter(String header) {
        if (header == null) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofSeconds(Math.min(60, Math.max(0, Long.parseLong(header.strip()))));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }
}
