package org.nerava.otp.twilio.client;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

import org.nerava.otp.spi.Diagnosis;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The configured Twilio account, as the Twilio OTP providers use it. Registered always, configured or not.
 *
 * <p>Every operation returns at once; the request runs on the account's bounded pool of threads. A stage fails with
 * an {@link org.nerava.otp.spi.OtpProviderException}: {@code MISCONFIGURED} at once (nothing sent) while
 * {@link #configurationProblems(TwilioProduct)} is not empty, {@code UNAVAILABLE} when the pool is full or Twilio is
 * unreachable or failing, {@code TIMEOUT} when no answer came in time, and the driver-facing reasons
 * ({@code INVALID_PHONE}, {@code RATE_LIMITED}, {@code REFUSED}) for Twilio's answers about the number. The
 * exception's {@code providerCode()} is Twilio's error code or one of {@link TwilioErrorCodes}; its message is one
 * line for an operator with the phone masked. Nothing is retried automatically.
 */
@ProviderType
public interface TwilioAccount {

    /** The configuration PID: {@code etc/org.nerava.otp.twilio.cfg}. */
    String PID = "org.nerava.otp.twilio";

    /**
     * What stops the product from working, one operator-readable line each, naming the configuration key (and its
     * environment variable), e.g. {@code "authToken is not set (TWILIO_AUTH_TOKEN)"}. Empty when it can be used.
     * Never contains a secret.
     */
    List<String> configurationProblems(TwilioProduct product);

    /** The SMS text with placeholders {@code {code}} and {@code {minutes}} (configuration key {@code smsTemplate}). */
    String smsTemplate();

    /**
     * Starts a Twilio Verify verification: Twilio makes a code and sends it.
     *
     * @param phoneE164 the recipient in E.164
     * @param channel Twilio's channel name, e.g. {@code "sms"}
     * @param locale the language of Twilio's message; sent only when Twilio supports it, else Twilio chooses
     */
    CompletionStage<TwilioVerification> verifyStart(String phoneE164, String channel, Locale locale);

    /**
     * Checks a code against the phone's pending verification.
     *
     * @return Twilio's status: {@code approved}, {@code pending} (wrong code), {@code canceled}, {@code expired} or
     *         {@code max_attempts_reached}; a verification Twilio no longer knows fails with providerCode
     *         {@link TwilioErrorCodes#NOT_FOUND}, too many checks with {@link TwilioErrorCodes#MAX_CHECK_ATTEMPTS}
     */
    CompletionStage<String> verifyCheck(String phoneE164, String code);

    /**
     * Sends an SMS from the configured messaging service or number. Completes once Twilio has accepted it (status
     * {@code queued}, {@code accepted}, ...); a message Twilio reports as already failed fails the stage.
     *
     * @param body the text; it contains a code, and is never logged
     */
    CompletionStage<TwilioMessage> sendMessage(String toE164, String body);

    /**
     * Checks the configuration and the credentials by reading the account (and, for Verify, the Verify service;
     * for Messaging, the messaging service when one is configured). Sends nothing to anybody. Never fails: problems
     * are an unhealthy diagnosis whose details carry {@code reason} and {@code provider_code}.
     */
    CompletionStage<Diagnosis> diagnose(TwilioProduct product);
}
