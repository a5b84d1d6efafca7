package org.nerava.otp.spi;

/**
 * The provider's acknowledgement of a send.
 *
 * @param reference the provider's id for the message or verification (e.g. a Twilio SID), for support; may be null
 */
public record OtpReceipt(String reference) {
}
