package org.nerava.otp.twilio.client;

/** The Twilio products Nerava uses; each needs the account's credentials and settings of its own. */
public enum TwilioProduct {
    /** Twilio Verify: Twilio makes, sends and checks the code. Needs {@code verifyServiceSid}. */
    VERIFY,
    /** Programmable Messaging: Nerava's code in an SMS. Needs {@code fromNumber} or {@code messagingServiceSid}. */
    MESSAGING
}
