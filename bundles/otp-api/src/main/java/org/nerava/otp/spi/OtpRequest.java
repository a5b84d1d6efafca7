package org.nerava.otp.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * A request to send a code.
 *
 * @param phoneE164 the recipient, already validated and normalised to E.164 by Nerava
 * @param locale the driver's language, for the message text; never null
 * @param requestId the id of the HTTP request that asked, to correlate the provider's logs with Nerava's
 */
public record OtpRequest(String phoneE164, Locale locale, String requestId) {

    public OtpRequest {
        Objects.requireNonNull(phoneE164, "phoneE164");
        locale = locale == null ? Locale.ENGLISH : locale;
    }
}
