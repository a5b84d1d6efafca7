package org.nerava.deployments.internal.github;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.nerava.platform.http.LimitedBodies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Dispatches GitHub Actions workflows through the REST API
 * ({@code POST /repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches}) with the JDK's HTTP client. Every call
 * is bounded by the connect timeout and the request timeout, and an answer is read up to a size limit. The token goes into the {@code Authorization} header and
 * nowhere else: not into logs, exception messages or anything returned.
 */
public final class GitHubWorkflows {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubWorkflows.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;

    private final GitHubApi api;

    /**
     * Opens nothing: the client connects on the first dispatch.
     *
     * @param apiBase {@code https://api.github.com}, or {@code https://<host>/api/v3} for GitHub Enterprise Server
     * @param maxResponseBytes a longer answer is not read further and fails the call
     */
    public GitHubWorkflows(URI apiBase, String token, Duration connectTimeout, Duration requestTimeout,
            long maxResponseBytes) {
        this.api = new GitHubApi(apiBase, token, connectTimeout, requestTimeout, maxResponseBytes);
    }

    /**
     * Sends the dispatch and waits for GitHub's answer, at most the connect timeout plus the request timeout. Call it
     * off the HTTP request threads.
     *
     * @throws DispatchFailedException GitHub answered with an error, or did not answer in time
     */
    public DispatchAccepted dispatch(WorkflowDispatch dispatch) throws DispatchFailedException {
        HttpRequest request = api.request("/repos/" + dispatch.repository() + "/actions/workflows/"
                + URLEncoder.encode(dispatch.workflow(), StandardCharsets.UTF_8) + "/dispatches")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(dispatch), StandardCharsets.UTF_8))
                .build();
        String what = dispatch.repository() + " workflow " + dispatch.workflow() + " on " + dispatch.ref();
        HttpResponse<String> response = send(request, what);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            DispatchAccepted accepted = accepted(status, response.body());
            LOG.info("GitHub accepted the dispatch of {}: {}{}", what, status,
                    accepted.runId() == null ? " (no run details)" : ", run " + accepted.runId());
            return accepted;
        }
        String message = "GitHub answered " + status + reasonPhrase(status) + githubMessage(response.body()) + hint(status);
        LOG.warn("GitHub refused the dispatch of {}: {}", what, message);
        throw new DispatchFailedException(status, message, false);
    }

    private HttpResponse<String> send(HttpRequest request, String what) throws DispatchFailedException {
        CompletableFuture<HttpResponse<String>> call = api.send(request);
        try {
            return call.get(api.backstopMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw failure(what, timedOut());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw failure(what, new DispatchFailedException(0, "interrupted while waiting for GitHub; the workflow"
                    + " may have started: check GitHub Actions before retrying", true));
        } catch (ExecutionException e) {
            throw failure(what, transportFailure(e.getCause()));
        }
    }

    private DispatchFailedException transportFailure(Throwable cause) {
        URI base = URI.create(api.base);
        String host = base.getHost() + (base.getPort() == -1 ? "" : ":" + base.getPort());
        if (LimitedBodies.TooLarge.in(cause) != null) {
            return new DispatchFailedException(0, host + " answered more than " + api.maxResponseBytes + " bytes (not read"
                    + " further; maxResponseBytes); the workflow may have started: check GitHub Actions before"
                    + " retrying", true);
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new DispatchFailedException(0, "could not connect to " + host + " within "
                    + api.connectTimeout.toMillis() + " ms", false);
        }
        if (cause instanceof HttpTimeoutException) {
            return timedOut();
        }
        if (cause instanceof ConnectException) {
            return new DispatchFailedException(0, "could not connect to " + host + " (connection refused or"
                    + " unreachable)", false);
        }
        if (cause instanceof IOException) {
            return new DispatchFailedException(0, "the connection to " + host + " failed ("
                    + cause.getClass().getSimpleName() + "); the workflow may have started: check GitHub Actions"
                    + " before retrying", true);
        }
        return new DispatchFailedException(0, "the call to GitHub failed (" + cause.getClass().getSimpleName() + ")",
                false);
    }

    private DispatchFailedException timedOut() {
        return new DispatchFailedException(0, "GitHub did not answer within " + api.requestTimeout.toMillis()
                + " ms; the workflow may have started: check GitHub Actions before retrying", true);
    }

    private static DispatchFailedException failure(String what, DispatchFailedException e) {
        LOG.warn("Dispatch of {} failed: {}", what, e.getMessage());
        return e;
    }

    static String body(WorkflowDispatch dispatch) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ref", dispatch.ref());
        if (!dispatch.inputs().isEmpty()) {
            body.put("inputs", new LinkedHashMap<>(dispatch.inputs()));
        }
        body.put("return_run_details", Boolean.TRUE);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a dispatch body", e);
        }
    }

    private static DispatchAccepted accepted(int status, String body) {
        if (body == null || body.isBlank()) {
            return new DispatchAccepted(status, null, null, null);
        }
        try {
            JsonNode json = JSON.readTree(body);
            JsonNode runId = json.get("workflow_run_id");
            return new DispatchAccepted(status, runId != null && runId.canConvertToLong() ? runId.asLong() : null,
                    text(json, "run_url"), text(json, "html_url"));
        } catch (JsonProcessingException e) {
            LOG.warn("GitHub accepted a dispatch ({}) with a body that is not JSON; no run details", status);
            return new DispatchAccepted(status, null, null, null);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isTextual() ? clean(value.asText(), 500) : null;
    }

    /** GitHub's own explanation ({@code {"message": ...}}), cleaned for a log line and a problem detail. */
    private String githubMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode message = JSON.readTree(body).get("message");
            if (message != null && message.isTextual() && !message.asText().isBlank()) {
                return ": " + api.redact(clean(message.asText(), MAX_MESSAGE));
            }
        } catch (JsonProcessingException notJson) {
            // a proxy's HTML error page: the status says enough
        }
        return "";
    }

    private static String clean(String text, int max) {
        String oneLine = text.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "…";
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> " Bad Request";
            case 401 -> " Unauthorized";
            case 403 -> " Forbidden";
            case 404 -> " Not Found";
            case 422 -> " Unprocessable Entity";
            case 429 -> " Too Many Requests";
            case 500 -> " Internal Server Error";
            case 502 -> " Bad Gateway";
            case 503 -> " Service Unavailable";
            case 504 -> " Gateway Timeout";
            default -> "";
        };
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> " (the token is missing, wrong or expired: check NERAVA_GITHUB_TOKEN)";
            case 403 -> " (the token lacks Actions write permission on the repository, or the API rate limit is spent)";
            case 404 -> " (no such repository or workflow, or the token cannot see it: check repository and the"
                    + " target's workflow)";
            case 422 -> " (the ref does not exist, the workflow has no workflow_dispatch trigger, or the inputs are"
                    + " not the ones it declares)";
            default -> status >= 500 ? " (GitHub failed; try again later)"
                    : status >= 300 && status < 400 ? " (a redirect: is the repository renamed or the API URL wrong?)"
                    : "";
        };
    }
}
