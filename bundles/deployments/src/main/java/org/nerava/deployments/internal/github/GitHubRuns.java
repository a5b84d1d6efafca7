package org.nerava.deployments.internal.github;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.StreamSupport;

import org.nerava.platform.http.LimitedBodies;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads workflow runs through GitHub's REST API: one run by id, with {@code If-None-Match} so an unchanged run costs
 * no rate limit, or the run a dispatch started when GitHub gave no id (the newest {@code workflow_dispatch} run of
 * the workflow on the ref, created after the request, that no other deployment holds). A spent rate limit
 * ({@code x-ratelimit-remaining: 0} with {@code x-ratelimit-reset}, or {@code Retry-After}) is answered as
 * {@link RunAnswer.Throttled}. Each call is bounded like a dispatch; the token goes into the header and nowhere else.
 */
public final class GitHubRuns {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Clocks differ: a run created a little before the request by GitHub's clock is still ours. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

    private final GitHubApi api;
    private final Clock clock;

    public GitHubRuns(URI apiBase, String token, Duration connectTimeout, Duration requestTimeout,
            long maxResponseBytes, Clock clock) {
        this.api = new GitHubApi(apiBase, token, connectTimeout, requestTimeout, maxResponseBytes);
        this.clock = clock;
    }

    /** The run with this id; {@code etag} is the one of the last answer, or null. */
    public RunAnswer run(String repository, long runId, String etag) {
        HttpRequest.Builder request = request("/repos/" + repository + "/actions/runs/" + runId);
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        return exchange(request.build(), response -> switch (response.statusCode()) {
            case 200 -> parse(response.body()).<RunAnswer>map(run -> new RunAnswer.Found(run,
                    response.headers().firstValue("ETag").orElse(null)))
                    .orElseGet(() -> new RunAnswer.Failed("GitHub's answer about run " + runId + " is not a run"));
            case 304 -> new RunAnswer.NotModified();
            case 404, 410 -> new RunAnswer.Missing("GitHub has no run " + runId + " (" + response.statusCode() + ")");
            default -> new RunAnswer.Failed("GitHub answered " + response.statusCode() + " about run " + runId);
        });
    }

    /**
     * The run a dispatch of {@code workflow} on {@code ref}, requested at {@code requestedAt}, started: the oldest
     * such run created since then (less the clock skew) whose id is not in {@code taken}.
     */
    public RunAnswer findRun(String repository, String workflow, String ref, Instant requestedAt, Set<Long> taken) {
        String created = requestedAt.minus(CLOCK_SKEW).toString();
        String path = "/repos/" + repository + "/actions/workflows/" + encode(workflow) + "/runs?event=workflow_dispatch"
                + "&branch=" + encode(ref) + "&created=" + encode(">=" + created) + "&per_page=20";
        return exchange(request(path).build(), response -> {
            if (response.statusCode() != 200) {
                return response.statusCode() == 404
                        ? new RunAnswer.Missing("GitHub has no workflow " + workflow + " (404)")
                        : new RunAnswer.Failed("GitHub answered " + response.statusCode() + " listing the runs of "
                                + workflow);
            }
            try {
                JsonNode runs = JSON.readTree(response.body()).path("workflow_runs");
                Optional<RunState> oldest = StreamSupport.stream(runs.spliterator(), false)
                        .map(GitHubRuns::state).flatMap(Optional::stream)
                        .filter(run -> !taken.contains(run.id()))
                        .filter(run -> run.createdAt() == null || !run.createdAt().isBefore(requestedAt.minus(CLOCK_SKEW)))
                        .min(Comparator.comparing(RunState::createdAt, Comparator.nullsLast(Comparator.naturalOrder())));
                return oldest.<RunAnswer>map(run -> new RunAnswer.Found(run, null))
                        .orElseGet(() -> new RunAnswer.Missing("no run of " + workflow + " on " + ref + " yet"));
            } catch (JsonProcessingException e) {
                return new RunAnswer.Failed("GitHub's list of runs is not JSON");
            }
        });
    }

    private HttpRequest.Builder request(String path) {
        return api.request(path).GET();
    }

    private interface Reading {
        RunAnswer read(HttpResponse<String> response);
    }

    private RunAnswer exchange(HttpRequest request, Reading reading) {
        CompletableFuture<HttpResponse<String>> call = api.send(request);
        HttpResponse<String> response;
        try {
            response = call.get(api.backstopMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            return new RunAnswer.Failed("GitHub did not answer within " + api.requestTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return new RunAnswer.Failed("interrupted");
        } catch (ExecutionException e) {
            LimitedBodies.TooLarge tooLarge = LimitedBodies.TooLarge.in(e);
            return new RunAnswer.Failed(tooLarge != null ? "GitHub answered more than " + tooLarge.limit() + " bytes"
                    : "the call to GitHub failed (" + e.getCause().getClass().getSimpleName() + ")");
        }
        RunAnswer.Throttled throttled = throttled(response);
        return throttled != null ? throttled : reading.read(response);
    }

    /** 403 or 429 with a spent rate limit or a Retry-After: when GitHub will take requests again. */
    private RunAnswer.Throttled throttled(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status != 403 && status != 429) {
            return null;
        }
        Optional<String> retryAfter = response.headers().firstValue("Retry-After");
        if (retryAfter.isPresent() && retryAfter.get().strip().matches("\\d{1,6}")) {
            return new RunAnswer.Throttled(clock.instant().plusSeconds(Long.parseLong(retryAfter.get().strip())),
                    "GitHub asked to wait " + retryAfter.get().strip() + " s (" + status + ")");
        }
        boolean spent = response.headers().firstValue("x-ratelimit-remaining").map(String::strip).orElse("")
                .equals("0");
        Optional<String> reset = response.headers().firstValue("x-ratelimit-reset");
        if (spent && reset.isPresent() && reset.get().strip().matches("\\d{1,12}")) {
            return new RunAnswer.Throttled(Instant.ofEpochSecond(Long.parseLong(reset.get().strip())),
                    "GitHub's API rate limit is spent until " + Instant.ofEpochSecond(Long.parseLong(reset.get().strip())));
        }
        if (status == 429 || spent) {
            return new RunAnswer.Throttled(clock.instant().plusSeconds(60), "GitHub throttles this token (" + status
                    + ")");
        }
        return null;
    }

    private static Optional<RunState> parse(String body) {
        try {
            return state(JSON.readTree(body));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Optional<RunState> state(JsonNode run) {
        JsonNode id = run.get("id");
        if (id == null || !id.canConvertToLong() || !run.path("status").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new RunState(id.asLong(), run.path("status").asText(), text(run, "conclusion"),
                text(run, "html_url"), time(run, "created_at"), time(run, "run_started_at"), time(run, "updated_at")));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            return null;
        }
        String text = value.asText().replaceAll("[\\p{Cntrl}]+", " ").strip();
        return text.length() <= 500 ? text : text.substring(0, 500);
    }

    private static Instant time(JsonNode json, String field) {
        String text = text(json, field);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
