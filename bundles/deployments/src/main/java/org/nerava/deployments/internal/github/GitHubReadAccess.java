package org.nerava.deployments.internal.github;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Read-only questions to GitHub with the deployment token, for the doctor: does the repository answer, and each
 * target's workflow. GET only; nothing is dispatched.
 */
public final class GitHubReadAccess {

    /** GitHub's answer to one GET: its status (0 when no answer came), and a line saying what happened. */
    public record Answer(int status, String detail) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final GitHubApi api;

    public GitHubReadAccess(URI apiBase, String token, Duration connectTimeout, Duration requestTimeout) {
        this.api = new GitHubApi(apiBase, token, connectTimeout, requestTimeout, 64 * 1024);
    }

    public Answer repository(String repository) {
        return get("/repos/" + repository);
    }

    public Answer workflow(String repository, String workflow) {
        return get("/repos/" + repository + "/actions/workflows/" + URLEncoder.encode(workflow, StandardCharsets.UTF_8));
    }

    private Answer get(String path) {
        try {
            HttpResponse<String> response = api.send(api.request(path).GET().build())
                    .get(api.backstopMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), "HTTP " + response.statusCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Answer(0, "no answer: " + api.redact(String.valueOf(cause.getMessage() == null
                    ? cause.getClass().getSimpleName() : cause.getMessage())));
        }
    }
}
