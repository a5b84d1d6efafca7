package org.nerava.deployments.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One look at a deployed target's verify URL: a GET whose answer is judged by its status alone (the body is
 * discarded as it arrives), bounded by the connect and the request timeout. Redirects are not followed: a target
 * that answers 3xx on its readiness URL is not ready as far as this can tell.
 */
final class VerifyProbe {

    /** What the URL said: {@code passed} for a 2xx; {@code detail} for people (the status, or why there was none). */
    record Result(boolean passed, String detail) {
    }

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    VerifyProbe(Duration connectTimeout, Duration requestTimeout) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Result probe(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .header("User-Agent", "nerava-server deployment verification").GET().build();
        CompletableFuture<HttpResponse<Void>> call = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            int status = call.get(connectTimeout.toMillis() + requestTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS)
                    .statusCode();
            return new Result(status >= 200 && status < 300, "answered " + status);
        } catch (TimeoutException e) {
            call.cancel(true);
            return new Result(false, "no answer within " + requestTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        } catch (ExecutionException e) {
            return new Result(false, "unreachable (" + e.getCause().getClass().getSimpleName() + ")");
        }
    }
}
