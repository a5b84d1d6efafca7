package org.nerava.otp.twilio.client;

/**
 * A Verify verification Twilio accepted.
 *
 * @param sid Twilio's id for it ({@code VE…}), for support; may be null if Twilio sent none
 * @param status Twilio's status, {@code pending} right after a start
 */
public record TwilioVerification(String sid, String status) {
}
