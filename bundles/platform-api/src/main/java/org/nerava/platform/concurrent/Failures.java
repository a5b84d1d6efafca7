package org.nerava.platform.concurrent;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The failure a caller should look at, behind the wrappers that futures put around it. */
public final class Failures {

    private Failures() {
    }

    /**
     * The first cause that is not a {@link CompletionException} or {@link ExecutionException} wrapper; the wrapper
     * itself when it carries no cause; {@code null} for {@code null}.
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * What a failure recorded as text says in one line: the last {@code Caused by:} of a stack trace (what was thrown
     * first), else its first line. Declarative Services keeps a component's activation failure this way.
     */
    public static String rootCause(String stackTrace) {
        String cause = stackTrace.lines().findFirst().orElse(stackTrace);
        for (String line : stackTrace.lines().toList()) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
            }
        }
        return cause.strip();
    }
}
