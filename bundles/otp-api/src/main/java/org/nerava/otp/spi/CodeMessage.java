package org.nerava.otp.spi;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A code to deliver.
 *
 * @param phoneE164 the recipient, already validated and normalised to E.164 by Nerava
 * @param code the digits to deliver; never log them
 * @param validFor how long the code is valid, for the message text ("valid for 10 minutes")
 * @param locale the driver's language; never null
 * @param requestId the id of the HTTP request that asked, to correlate logs
 */
public record CodeMessage(String phoneE164, String code, Duration validFor, Locale locale, String requestId) {

    public CodeMessage {
        Objects.requireNonNull(phoneE164, "phoneE164");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(validFor, "validFor");
        locale = locale == null ? Locale.ENGLISH : locale;
    }

    /** Never shows the code, so a message that ends up in a log line leaks nothing. */
    @Override
    public String toString() {
        return "CodeMessage[to " + OtpProviders.maskPhone(phoneE164) + ", valid for " + validFor + "]";
    }
}
