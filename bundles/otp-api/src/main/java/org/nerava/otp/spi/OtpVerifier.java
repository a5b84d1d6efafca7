package org.nerava.otp.spi;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A verification service that owns the code: it generates, sends, expires and checks it (Twilio Verify is one).
 * Register with service property {@code otp.provider=<id>}; see the package documentation for the rules.
 */
@ConsumerType
public interface OtpVerifier {

    /**
     * Sends a new code to the phone, replacing any code sent before.
     *
     * @param request whom to send to and how
     * @return completes when the provider has accepted the request, or exceptionally with an
     *         {@link OtpProviderException}
     */
    CompletionStage<OtpReceipt> start(OtpRequest request);

    /**
     * Checks a code the driver typed.
     *
     * @param phoneE164 the phone the code was sent to, in E.164
     * @param code the digits as typed
     * @return the outcome; a wrong code is {@link OtpCheck#REJECTED}, not an exception
     */
    CompletionStage<OtpCheck> check(String phoneE164, String code);

    /**
     * Checks configuration and reachability without sending anything to anybody (e.g. fetch the service's own
     * description with the configured credentials).
     */
    CompletionStage<Diagnosis> diagnose();
}
