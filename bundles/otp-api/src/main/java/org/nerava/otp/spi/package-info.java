/**
 * The OTP provider SPI: how a bundle plugs a one-time-code provider into Nerava's phone sign-in.
 *
 * <h2>Two shapes</h2>
 * <ul>
 * <li>{@link org.nerava.otp.spi.OtpVerifier}: a verification service that owns the code's whole life (it generates,
 * sends, expires and checks it), such as Twilio Verify. Nerava asks it to start and to check.</li>
 * <li>{@link org.nerava.otp.spi.CodeDelivery}: a channel that only delivers a text, such as an SMS gateway, Twilio
 * Programmable Messaging, a webhook or the development console. Nerava's auth feature generates the code, stores
 * only its HMAC, enforces expiry, attempts and rate limits, and asks the channel to deliver it.</li>
 * </ul>
 *
 * <h2>Registering a provider</h2>
 * Register the implementation as an OSGi service of one of the two interfaces with the service property
 * {@value org.nerava.otp.spi.OtpProviders#PROVIDER_PROPERTY}{@code =<id>} (lower case, e.g. {@code twilio_verify}); the
 * id is what operators name in {@code nerava:otp-use <id>} and in the {@code org.nerava.auth} configuration. With
 * Declarative Services: {@code @Component(service = CodeDelivery.class, property = "otp.provider=my_gateway",
 * configurationPolicy = ConfigurationPolicy.REQUIRE)} when the provider needs credentials, so it stays inactive
 * until it is configured. A provider may instead register always and, while its configuration is missing or wrong,
 * fail every call at once with {@code MISCONFIGURED} naming the missing key (and say so from {@code diagnose()}):
 * the Twilio providers do this, so that {@code nerava:otp-providers} and {@code nerava:otp-check} tell an operator
 * why. Providers bind and unbind at run time; the auth feature never requires one.
 *
 * <h2>Rules every provider keeps</h2>
 * <ol>
 * <li><b>Nothing slow while activating.</b> No network I/O, no DNS, no credential check in the constructor or
 * {@code @Activate}: a provider that blocks activation is the outage this product was built to prevent. Check
 * configuration and reachability in {@code diagnose()} instead.</li>
 * <li><b>Return at once.</b> Every method returns a {@link java.util.concurrent.CompletionStage} immediately and does
 * its I/O on a thread of its own (for example an HTTP client's asynchronous API or a small bounded executor). The
 * caller also applies its own deadline, but a provider must still bound its own connect and read times.</li>
 * <li><b>Fail with a reason.</b> Complete the stage exceptionally with an {@link org.nerava.otp.spi.OtpProviderException}
 * whose {@link org.nerava.otp.spi.OtpProviderException.Reason} says what happened; any other exception counts as
 * {@code UNAVAILABLE}.</li>
 * <li><b>No secrets in logs.</b> Never log a code (the development console provider excepted), a credential, or a
 * full phone number; {@link org.nerava.otp.spi.OtpProviders#maskPhone(String)} gives the form to log.</li>
 * <li><b>No duplicate sends.</b> Retry a request only where it is known not to have been processed (e.g. a connection
 * that was refused), never after a timeout: the driver would receive two codes.</li>
 * </ol>
 *
 * <h2>Versioning</h2>
 * Every type here is {@code @ConsumerType}: a provider imports this package with the range {@code [1.0,2)}. A minor
 * version may add types and constants; anything that could break a provider (a method added to an interface, a
 * changed or removed member, a new {@link org.nerava.otp.spi.OtpProviderException.Reason}) needs the next major. The
 * build baselines this package against the signature of its last release ({@code api-baseline}); see
 * {@code docs/writing-a-plugin.md}.
 */
@Export
@Version("1.0.0")
package org.nerava.otp.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
