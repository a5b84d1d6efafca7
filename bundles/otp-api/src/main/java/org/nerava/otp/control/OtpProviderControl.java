package org.nerava.otp.control;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.nerava.otp.spi.Diagnosis;
import org.osgi.annotation.versioning.ProviderType;

/** The OTP providers as an operator sees and steers them. Provided by the auth feature. */
@ProviderType
public interface OtpProviderControl {

    /** Every provider bound or named in the configuration: the active one first, then the fallbacks, then the rest. */
    List<OtpProviderView> providers();

    /**
     * Asks a bound provider to check its configuration and reachability; it sends nothing to anybody. The stage
     * always completes (an unreachable provider is an unhealthy diagnosis), within the provider deadline.
     *
     * @throws IllegalArgumentException when no provider with this id is bound
     */
    CompletionStage<Diagnosis> diagnose(String providerId);

    /**
     * Makes a bound provider the active one, persisted in the configuration and recorded in the audit trail.
     *
     * @param actor who asks, for the audit trail (e.g. {@code admin:alice})
     * @return the id of the provider active before
     * @throws IllegalArgumentException when no provider with this id is bound (nothing changes; the refusal is
     *         audited)
     */
    String use(String providerId, String actor);
}
