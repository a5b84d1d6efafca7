package org.nerava.otp.testkit;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;

/**
 * The contract of {@link OtpProviderContract} for a {@link CodeDelivery}: extend it in the provider's tests.
 *
 * @param <P> the provider class
 */
public abstract class CodeDeliveryContract<P extends CodeDelivery> extends OtpProviderContract<P> {

    /** What the contract asks the provider to deliver. */
    protected CodeMessage message() {
        return new CodeMessage(phone(), CODE, Duration.ofMinutes(5), Locale.US, "contract-request");
    }

    @Override
    final CompletionStage<?> send(P provider) {
        return provider.deliver(message());
    }

    @Override
    final CompletionStage<?> followUp(P provider) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    final CompletionStage<Diagnosis> diagnose(P provider) {
        return provider.diagnose();
    }

    @Override
    final CompletionStage<?> sendThrough(InMemoryOtpRegistry registry, String id) {
        return registry.deliver(id, message());
    }
}
