package org.nerava.deployments.internal.github;

import java.time.Instant;

/** What asking GitHub about a run gave. */
public sealed interface RunAnswer {

    /** The run, and the ETag to send next time ({@code If-None-Match}). */
    record Found(RunState run, String etag) implements RunAnswer {
    }

    /** 304: nothing changed since the ETag sent (and the request did not count against the rate limit). */
    record NotModified() implements RunAnswer {
    }

    /** No such run (404), or none found yet for a dispatch that gave no run id. */
    record Missing(String reason) implements RunAnswer {
    }

    /** GitHub's rate limit is spent: ask again at {@code until}, not before. */
    record Throttled(Instant until, String reason) implements RunAnswer {
    }

    /** Anything else (5xx, a timeout, an unreadable answer): worth asking again later. */
    record Failed(String reason) implements RunAnswer {
    }
}
