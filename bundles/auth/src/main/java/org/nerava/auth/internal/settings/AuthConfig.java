package org.nerava.auth.internal.settings;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code org.nerava.auth}; {@code profile} comes from {@code org.nerava.platform}. */
@ObjectClassDefinition(pid = AuthConfig.PID, name = "Nerava phone sign-in",
        description = "OTP providers, code lifetime and attempts, send limits, sessions and test numbers")
public @interface AuthConfig {

    /** Stable, so {@code etc/org.nerava.auth.cfg} and the provider switch keep working across refactors. */
    String PID = "org.nerava.auth";

    @AttributeDefinition(description = "Id (otp.provider) of the provider that sends codes")
    String provider() default "console";

    @AttributeDefinition(description = "Providers to try, in order, when the active one is missing or failing")
    String[] fallback() default {};

    @AttributeDefinition(description = "ISO 3166 region for numbers typed without a country code")
    String defaultRegion() default "US";

    @AttributeDefinition(description = "Digits per code (4-10)", min = "4", max = "10")
    int codeLength() default 6;

    @AttributeDefinition(description = "How long a code is valid, in seconds (at most 600)", min = "30", max = "600")
    int codeTtlSeconds() default 300;

    @AttributeDefinition(description = "Wrong codes that lock a challenge", min = "1", max = "10")
    int maxAttempts() default 5;

    @AttributeDefinition(description = "Seconds before a new code may be sent to the same phone", min = "0")
    int resendIntervalSeconds() default 30;

    @AttributeDefinition(description = "Codes sent to one phone per hour", min = "1")
    int sendsPerPhonePerHour() default 5;

    @AttributeDefinition(description = "Codes requested from one client address per hour", min = "1")
    int sendsPerIpPerHour() default 20;

    @AttributeDefinition(description = "Codes sent per hour in all (SMS-pumping guard)", min = "1")
    int sendsPerHour() default 1000;

    @AttributeDefinition(description = "Milliseconds a provider has to answer before the driver gets 504", min = "100")
    int providerTimeoutMillis() default 10000;

    @AttributeDefinition(description = "Calls of each provider running at once (its own threads: a provider that"
            + " blocks them never delays another)", min = "1")
    int providerThreads() default 4;

    @AttributeDefinition(description = "Calls of each provider waiting for one of its threads; beyond, calls fail at"
            + " once and sign-in falls back", min = "0")
    int providerQueue() default 32;

    @AttributeDefinition(description = "Consecutive provider faults that open its circuit (calls then fall back)",
            min = "1")
    int breakerFailureThreshold() default 5;

    @AttributeDefinition(description = "Seconds an open circuit refuses calls before one probe", min = "1")
    int breakerOpenSeconds() default 30;

    @AttributeDefinition(description = "Session lifetime in seconds", min = "60")
    int sessionTtlSeconds() default 2592000;

    @AttributeDefinition(description = "Addresses of our own reverse proxies; behind them the client address comes"
            + " from X-Forwarded-For")
    String[] trustedProxies() default {};

    // SMS-pumping guard (read by PumpingSettings): where codes may go, how fast to one number range, how many a day.

    @AttributeDefinition(description = "ISO 3166 regions codes may be sent to (e.g. US,CA); empty: defaultRegion only;"
            + " * for every region")
    String[] allowedCountries() default {};

    @AttributeDefinition(description = "Leading E.164 digits (country code included) that make one number range for"
            + " sendsPerPrefixPerHour", min = "4", max = "12")
    int prefixDigits() default 7;

    @AttributeDefinition(description = "Codes sent to numbers of one range (prefixDigits) per hour, by all nodes",
            min = "1")
    int sendsPerPrefixPerHour() default 20;

    @AttributeDefinition(description = "Codes sent per UTC day in all, by all nodes; a WARN and a metric at 80%",
            min = "1")
    int sendsPerDay() default 10000;

    /**
     * Property {@code .codeHmacKeys}: the leading dot keeps it private, so Declarative Services does not publish the
     * keys as service properties of the components that read this configuration.
     */
    @AttributeDefinition(name = ".codeHmacKeys", type = AttributeType.PASSWORD,
            description = "Code HMAC keys, <id>:<base64 secret of 32+ bytes>; the first signs, all verify")
    String[] _codeHmacKeys() default {};

    @AttributeDefinition(description = "Test numbers with fixed codes, <phone>=<code>@<yyyy-mm-dd expiry>; dev profile only")
    String[] testNumbers() default {};

    @AttributeDefinition(description = "Server profile (from org.nerava.platform): dev or prod")
    String profile() default "prod";
}
