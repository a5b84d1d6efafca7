package org.nerava.otp.twilio.client;

/**
 * A message Twilio accepted for delivery.
 *
 * @param sid Twilio's id for it ({@code SM…}), for support; may be null if Twilio sent none
 * @param status Twilio's status, e.g. {@code queued} or {@code accepted}
 */
public record TwilioMessage(String sid, String status) {
}
