package org.nerava.otp.spi;

/** Constants and small helpers every provider uses. */
public final class OtpProviders {

    /** The service property naming a provider, e.g. {@code otp.provider=twilio_verify}. */
    public static final String PROVIDER_PROPERTY = "otp.provider";

    private OtpProviders() {
    }

    /**
     * A phone number as it may appear in logs: country code and last two digits, e.g. {@code +1*******23}.
     * Anything too short to be a phone number is masked whole.
     */
    public static String maskPhone(String phoneE164) {
        if (phoneE164 == null || phoneE164.length() < 6 || !phoneE164.startsWith("+")) {
            return "***";
        }
        int shown = 2;
        String prefix = phoneE164.substring(0, 2);
        String suffix = phoneE164.substring(phoneE164.length() - shown);
        return prefix + "*".repeat(phoneE164.length() - prefix.length() - shown) + suffix;
    }
}
