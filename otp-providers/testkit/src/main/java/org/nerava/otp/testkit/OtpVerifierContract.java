package org.nerava.otp.testkit;

import java.util.Locale;
import java.util.concurrent.CompletionStage;

import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpRequest;
import org.nerava.otp.spi.OtpVerifier;

/**
 * The contract of {@link OtpProviderContract} for an {@link OtpVerifier}: extend it in the provider's tests. The
 * contract starts a verification and checks {@link #CODE}, which the working backend may approve or reject.
 *
 * @param <P> the provider class
 */
public abstract class OtpVerifierContract<P extends OtpVerifier> extends OtpProviderContract<P> {

    /** What the contract asks the provider to start. */
    protected OtpRequest request() {
        return new OtpRequest(phone(), Locale.US, "contract-request");
    }

    @Override
    final CompletionStage<?> send(P provider) {
        return provider.start(request());
    }

    @Override
    final CompletionStage<?> followUp(P provider) {
        return provider.check(phone(), CODE);
    }

    @Override
    final CompletionStage<Diagnosis> diagnose(P provider) {
        return provider.diagnose();
    }

    @Override
    final CompletionStage<?> sendThrough(InMemoryOtpRegistry registry, String id) {
        return registry.start(id, request());
    }
}
