package org.nerava.auth.internal.settings;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.nerava.auth.internal.code.OtpCodes;
import org.nerava.auth.internal.phone.PhoneNumbers;

/**
 * {@link AuthConfig} checked and turned into working values. A bad value never stops sign-in: it is reported in
 * {@link #warnings()} (which the bundle logs) and replaced by its safe default.
 */
public record AuthSettings(List<String> providerChain, List<String> fallbacks, PhoneNumbers phones, OtpCodes codes, boolean ephemeralKey,
        Duration codeTtl, int maxAttempts, Duration resendInterval, int sendsPerPhonePerHour, int sendsPerIpPerHour,
        int sendsPerHour, Duration providerTimeout, int providerThreads, int providerQueue, int breakerFailureThreshold,
        Duration breakerOpenFor, Duration sessionTtl, boolean devProfile,
        Map<String, TestNumber> testNumbers, Set<String> trustedProxies, List<String> warnings) {

    /** The longest a code may live: ASVS 5.0 6.6 asks for at most 10 minutes. */
    public static final int MAX_CODE_TTL_SECONDS = 600;

    /** A number whose code is fixed, for app-store reviewers and automated tests; honoured only in dev. */
    public record TestNumber(String phoneE164, String code, LocalDate expires) {
        public boolean isValidOn(LocalDate day) {
            return !day.isAfter(expires);
        }
    }

    public static AuthSettings from(AuthConfig config) {
        List<String> warnings = new ArrayList<>();
        boolean dev = "dev".equalsIgnoreCase(config.profile().strip());

        List<String> chain = chainOf(config);

        PhoneNumbers phones;
        try {
            phones = new PhoneNumbers(config.defaultRegion().strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            warnings.add("defaultRegion=" + config.defaultRegion() + " is not a known region; using US");
            phones = new PhoneNumbers("US");
        }

        int ttl = config.codeTtlSeconds();
        if (ttl > MAX_CODE_TTL_SECONDS || ttl < 30) {
            warnings.add("codeTtlSeconds=" + ttl + " refused: codes live 30 to " + MAX_CODE_TTL_SECONDS
                    + " seconds; using 300");
            ttl = 300;
        }
        int length = config.codeLength();
        if (length < 4 || length > 10) {
            warnings.add("codeLength=" + length + " refused: 4 to 10 digits; using 6");
            length = 6;
        }

        Map<String, byte[]> keys;
        try {
            keys = OtpCodes.parseKeys(splitEntries(config._codeHmacKeys()));
        } catch (IllegalArgumentException e) {
            warnings.add("codeHmacKeys refused: " + e.getMessage());
            keys = Map.of();
        }
        OtpCodes codes = null;
        if (!keys.isEmpty()) {
            try {
                codes = new OtpCodes(length, keys);
            } catch (IllegalArgumentException e) {
                warnings.add("codeHmacKeys refused: " + e.getMessage());
            }
        }
        boolean ephemeral = codes == null;
        if (ephemeral) {
            warnings.add("no usable codeHmacKeys (NERAVA_OTP_HMAC_KEYS): codes are signed with a random key made at"
                    + " start-up, so codes sent before a restart, or by another node, will not verify");
            codes = new OtpCodes(length, OtpCodes.ephemeralKey());
        }

        Map<String, TestNumber> tests = new LinkedHashMap<>();
        List<String> testSpecs = splitEntries(config.testNumbers());
        if (!testSpecs.isEmpty() && !dev) {
            warnings.add("testNumbers refused: fixed codes are honoured only with profile=dev; "
                    + testSpecs.size() + " configured number(s) ignored");
        } else {
            for (String spec : testSpecs) {
                parseTestNumber(spec, phones, length, warnings).ifPresent(t -> tests.put(t.phoneE164(), t));
            }
        }

        return new AuthSettings(List.copyOf(chain), fallbacksOf(config), phones, codes, ephemeral, Duration.ofSeconds(ttl),
                within(config.maxAttempts(), 1, 10, 5, "maxAttempts", warnings),
                Duration.ofSeconds(atLeast(config.resendIntervalSeconds(), 0, 30, "resendIntervalSeconds", warnings)),
                atLeast(config.sendsPerPhonePerHour(), 1, 5, "sendsPerPhonePerHour", warnings),
                atLeast(config.sendsPerIpPerHour(), 1, 20, "sendsPerIpPerHour", warnings),
                atLeast(config.sendsPerHour(), 1, 1000, "sendsPerHour", warnings),
                Duration.ofMillis(atLeast(config.providerTimeoutMillis(), 100, 10000, "providerTimeoutMillis",
                        warnings)),
                atLeast(config.providerThreads(), 1, 4, "providerThreads", warnings),
                atLeast(config.providerQueue(), 0, 32, "providerQueue", warnings),
                atLeast(config.breakerFailureThreshold(), 1, 5, "breakerFailureThreshold", warnings),
                Duration.ofSeconds(atLeast(config.breakerOpenSeconds(), 1, 30, "breakerOpenSeconds", warnings)),
                Duration.ofSeconds(atLeast(config.sessionTtlSeconds(), 60, 2592000, "sessionTtlSeconds", warnings)),
                dev, Map.copyOf(tests), Set.copyOf(splitEntries(config.trustedProxies())), List.copyOf(warnings));
    }

    public String activeProvider() {
        return providerChain.isEmpty() ? null : providerChain.get(0);
    }

    /** The active provider, then the fallbacks, each once; entries may hold several ids separated by commas. */
    static List<String> chainOf(AuthConfig config) {
        List<String> chain = new ArrayList<>();
        addIds(chain, config.provider());
        for (String fallback : splitEntries(config.fallback())) {
            addIds(chain, fallback);
        }
        return chain;
    }

    /** The fallbacks as configured, each once, in order (the active provider may be among them). */
    static List<String> fallbacksOf(AuthConfig config) {
        List<String> fallbacks = new ArrayList<>();
        for (String fallback : splitEntries(config.fallback())) {
            addIds(fallbacks, fallback);
        }
        return List.copyOf(fallbacks);
    }

    /** Entries of a list setting; each may hold several separated by commas, as an environment variable does. */
    static List<String> splitEntries(String[] entries) {
        List<String> parts = new ArrayList<>();
        for (String entry : entries) {
            for (String part : entry.split(",")) {
                if (!part.isBlank()) {
                    parts.add(part.strip());
                }
            }
        }
        return parts;
    }

    private static void addIds(List<String> chain, String ids) {
        for (String id : ids.split(",")) {
            String trimmed = id.strip();
            if (!trimmed.isEmpty() && !chain.contains(trimmed)) {
                chain.add(trimmed);
            }
        }
    }

    private static Optional<TestNumber> parseTestNumber(String spec, PhoneNumbers phones, int length,
            List<String> warnings) {
        int eq = spec.indexOf('=');
        int at = spec.indexOf('@');
        if (eq <= 0 || at < eq) {
            warnings.add("testNumbers entry refused: it reads <phone>=<code>@<yyyy-mm-dd>");
            return Optional.empty();
        }
        String code = spec.substring(eq + 1, at).strip();
        if (!code.matches("[0-9]{" + length + "}")) {
            warnings.add("testNumbers entry refused: its code is not " + length + " digits");
            return Optional.empty();
        }
        try {
            String phone = phones.toE164(spec.substring(0, eq));
            LocalDate expires = LocalDate.parse(spec.substring(at + 1).strip());
            if (expires.isBefore(LocalDate.now(ZoneOffset.UTC))) {
                warnings.add("testNumbers entry for " + PhoneNumbers.mask(phone) + " expired on " + expires);
            }
            return Optional.of(new TestNumber(phone, code, expires));
        } catch (DateTimeParseException e) {
            warnings.add("testNumbers entry refused: its expiry is not yyyy-mm-dd");
        } catch (RuntimeException e) {
            warnings.add("testNumbers entry refused: not a valid phone number");
        }
        return Optional.empty();
    }

    private static int within(int value, int min, int max, int fallback, String key, List<String> warnings) {
        if (value > max) {
            warnings.add(key + "=" + value + " refused: at most " + max + "; using " + fallback);
            return fallback;
        }
        return atLeast(value, min, fallback, key, warnings);
    }

    private static int atLeast(int value, int min, int fallback, String key, List<String> warnings) {
        if (value < min) {
            warnings.add(key + "=" + value + " refused: at least " + min + "; using " + fallback);
            return fallback;
        }
        return value;
    }
}
