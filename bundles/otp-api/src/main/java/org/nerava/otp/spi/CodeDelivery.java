package org.nerava.otp.spi;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A channel that delivers a code Nerava generated (an SMS gateway, Twilio Programmable Messaging, a webhook, the
 * development console). Nerava owns the code's life: it stores only an HMAC of it and enforces expiry, attempts and
 * rate limits. Register with service property {@code otp.provider=<id>}; see the package documentation for the rules.
 */
@ConsumerType
public interface CodeDelivery {

    /**
     * Delivers the code.
     *
     * @return completes when the channel has accepted the message, or exceptionally with an
     *         {@link OtpProviderException}
     */
    CompletionStage<OtpReceipt> deliver(CodeMessage message);

    /** Checks configuration and reachability without sending anything to anybody. */
    CompletionStage<Diagnosis> diagnose();
}
