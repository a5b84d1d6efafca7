/**
 * One Twilio account, shared by Nerava's Twilio OTP providers (Twilio Verify and Twilio Programmable Messaging),
 * without exposing the Twilio SDK: the bundle that exports this package embeds the SDK and imports nothing of it, so
 * provider bundles import only this package and {@code org.nerava.otp.spi}.
 *
 * <p>{@link org.nerava.otp.twilio.client.TwilioAccount} is always registered, configured or not (PID
 * {@value org.nerava.otp.twilio.client.TwilioAccount#PID}); {@link org.nerava.otp.twilio.client.TwilioAccount#configurationProblems(TwilioProduct)}
 * says what is missing, and every call then fails at once with
 * {@link org.nerava.otp.spi.OtpProviderException.Reason#MISCONFIGURED}. Every call returns at once and runs on the
 * account's own bounded pool of threads, with connect and read timeouts and an overall deadline, and is never
 * retried automatically (a retried send can reach the driver twice). Failures are
 * {@link org.nerava.otp.spi.OtpProviderException}s whose {@code providerCode()} is Twilio's error code (e.g.
 * {@code 60200}) or one of the transport codes in {@link org.nerava.otp.twilio.client.TwilioErrorCodes}.
 */
@Export
@Version("1.0.0")
package org.nerava.otp.twilio.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
