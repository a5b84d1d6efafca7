package org.nerava.deployments.internal.github;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.nerava.platform.http.LimitedBodies;

/**
 * How this server reaches GitHub's REST API, for the dispatches and the runs alike: one HTTP/1.1 client that follows
 * no redirect (a redirect would carry the token to wherever it points; a renamed repository is configured anew),
 * GitHub's headers with the token in {@code Authorization} only, and the bounds of every call.
 */
final class GitHubApi {

    final String base;
    final Duration connectTimeout;
    final Duration requestTimeout;
    final long maxResponseBytes;
    private final String token;
    private final HttpClient client;

    /**
     * Opens nothing: the client connects on the first call.
     *
     * @param apiBase {@code https://api.github.com}, or {@code https://<host>/api/v3} for GitHub Enterprise Server
     * @param maxResponseBytes a longer answer is not read further and fails the call
     */
    GitHubApi(URI apiBase, String token, Duration connectTimeout, Duration requestTimeout, long maxResponseBytes) {
        String text = apiBase.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.token = token;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A request to {@code path} below the API's base with GitHub's headers, the token and the request timeout. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "nerava-server");
    }

    /** Sends it, reading the answer up to {@code maxResponseBytes}. */
    CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        return client.sendAsync(request, LimitedBodies.ofString(maxResponseBytes));
    }

    /** The request timeout ends the wait for the headers; this backstop also bounds a body that trickles in. */
    long backstopMillis() {
        return connectTimeout.toMillis() + requestTimeout.toMillis() + 1_000;
    }

    /** Never let the token out, even if a server were to echo it. */
    String redact(String text) {
        return token == null || token.isEmpty() ? text : text.replace(token, "***");
    }
}
