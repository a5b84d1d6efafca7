package org.nerava.testing.otp;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.nerava.otp.spi.OtpProviderException;

/**
 * What a provider's answer ended with, for the providers' own tests: its value, or the {@link OtpProviderException}
 * it failed with. Both wait a bounded time, so a provider that never answers fails the test instead of hanging it.
 */
public final class ProviderAnswers {

    private static final long BOUND_SECONDS = 10;

    private ProviderAnswers() {
    }

    /** The stage's value; its failure rethrown as the {@link ExecutionException} that carries it. */
    public static <T> T await(CompletionStage<T> stage) throws ExecutionException, InterruptedException {
        try {
            return stage.toCompletableFuture().get(BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the provider did not answer within " + BOUND_SECONDS + " s", e);
        }
    }

    /** The {@link OtpProviderException} the stage failed with; any other ending fails the test. */
    public static OtpProviderException failure(CompletionStage<?> stage) {
        Object value;
        try {
            value = await(stage);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OtpProviderException failure) {
                return failure;
            }
            throw new AssertionError("failed with " + e.getCause() + ", not an OtpProviderException", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the provider", e);
        }
        throw new AssertionError("expected a failure, the provider answered " + value);
    }
}
