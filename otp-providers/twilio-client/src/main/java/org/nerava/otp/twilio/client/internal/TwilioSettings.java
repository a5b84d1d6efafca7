package org.nerava.otp.twilio.client.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.nerava.otp.twilio.client.TwilioProduct;
import org.nerava.platform.config.ConfigProblem;

/** The account's configuration, read once per activation, with what is missing or wrong in it. Holds the token. */
final class TwilioSettings {

    static final String TIMEOUT_ENV = "TWILIO_TIMEOUT_SECONDS";
    static final int DEFAULT_READ_TIMEOUT_MS = 5000;
    static final int MAX_TIMEOUT_MS = 120_000;
    static final int MAX_THREADS = 64;
    static final int MAX_RESPONSE_BYTES = 64 * 1_048_576;

    static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    static final Pattern VERIFY_SID = Pattern.compile("VA[0-9a-fA-F]{32}");
    static final Pattern MESSAGING_SID = Pattern.compile("MG[0-9a-fA-F]{32}");
    /** E.164, a short code, or an alphanumeric sender id (at most 11 characters, at least one letter). */
    static final Pattern SENDER = Pattern.compile("\\+[1-9][0-9]{6,14}|[0-9]{3,8}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");

    final String accountSid;
    final String authToken;
    final String verifyServiceSid;
    final String fromNumber;
    final String messagingServiceSid;
    final String smsTemplate;
    final Duration connectTimeout;
    final Duration readTimeout;
    /** Where requests go instead of {@code https://<product>.twilio.com}; null for Twilio's own API. */
    final URI apiBaseUrl;
    final int threads;
    /** How much of an answer is read at most; more is a malformed answer, not a reason to run out of memory. */
    final int maxResponseBytes;
    private final List<String> accountProblems;
    private final List<String> verifyProblems;
    private final List<String> messagingProblems;

    private TwilioSettings(TwilioAccountComponent.Config config, Map<String, String> env, List<ConfigProblem> refused) {
        List<String> problems = new ArrayList<>();
        // A refused key reads as its default (empty): say it was refused rather than "not set". A refused apiBaseUrl
        // stops the account: its default is Twilio's own API, where a test configuration must never send.
        Map<String, String> refusedKeys = refused.stream()
                .collect(Collectors.toMap(ConfigProblem::key, ConfigProblem::describe, (a, b) -> a));
        accountSid = clean(config.accountSid());
        authToken = clean(config.authToken());
        verifyServiceSid = clean(config.verifyServiceSid());
        fromNumber = clean(config.fromNumber());
        messagingServiceSid = clean(config.messagingServiceSid());
        smsTemplate = config.smsTemplate() == null ? "" : config.smsTemplate();

        if (refusedKeys.containsKey("accountSid")) {
            problems.add(refusedKeys.get("accountSid"));
        } else if (accountSid.isEmpty()) {
            problems.add("accountSid is not set (TWILIO_ACCOUNT_SID)");
        } else if (!ACCOUNT_SID.matcher(accountSid).matches()) {
            problems.add("accountSid is not an account SID (AC followed by 32 hex digits)");
        }
        if (authToken.isEmpty()) {
            problems.add("authToken is not set (TWILIO_AUTH_TOKEN)");
        }
        connectTimeout = Duration.ofMillis(config.connectTimeoutMs());
        if (config.connectTimeoutMs() < 1 || config.connectTimeoutMs() > MAX_TIMEOUT_MS) {
            problems.add("connectTimeoutMs must be between 1 and " + MAX_TIMEOUT_MS + " (is " + config.connectTimeoutMs() + ")");
        }
        readTimeout = Duration.ofMillis(readTimeoutMs(config.readTimeoutMs(), env, problems));
        threads = config.threads();
        if (threads < 1 || threads > MAX_THREADS) {
            problems.add("threads must be between 1 and " + MAX_THREADS + " (is " + threads + ")");
        }
        maxResponseBytes = config.maxResponseBytes();
        if (maxResponseBytes < 1024 || maxResponseBytes > MAX_RESPONSE_BYTES) {
            problems.add("maxResponseBytes must be between 1024 and " + MAX_RESPONSE_BYTES + " (is " + maxResponseBytes
                    + ")");
        }
        if (refusedKeys.containsKey("apiBaseUrl")) {
            problems.add(refusedKeys.get("apiBaseUrl"));
            apiBaseUrl = null;
        } else {
            apiBaseUrl = baseUrl(clean(config.apiBaseUrl()), problems);
        }
        accountProblems = List.copyOf(problems);

        List<String> verify = new ArrayList<>(problems);
        if (refusedKeys.containsKey("verifyServiceSid")) {
            verify.add(refusedKeys.get("verifyServiceSid"));
        } else if (verifyServiceSid.isEmpty()) {
            verify.add("verifyServiceSid is not set (TWILIO_VERIFY_SERVICE_SID)");
        } else if (!VERIFY_SID.matcher(verifyServiceSid).matches()) {
            verify.add("verifyServiceSid is not a Verify service SID (VA followed by 32 hex digits)");
        }
        verifyProblems = List.copyOf(verify);

        List<String> messaging = new ArrayList<>(problems);
        for (String key : List.of("fromNumber", "messagingServiceSid", "smsTemplate")) {
            if (refusedKeys.containsKey(key)) {
                messaging.add(refusedKeys.get(key));
            }
        }
        boolean senderRefused = refusedKeys.containsKey("fromNumber") || refusedKeys.containsKey("messagingServiceSid");
        if (!senderRefused && fromNumber.isEmpty() && messagingServiceSid.isEmpty()) {
            messaging.add("neither fromNumber (TWILIO_FROM_NUMBER) nor messagingServiceSid (TWILIO_MESSAGING_SERVICE_SID)"
                    + " is set");
        }
        if (!fromNumber.isEmpty() && !SENDER.matcher(fromNumber).matches()) {
            messaging.add("fromNumber is neither an E.164 number, a short code nor an alphanumeric sender id");
        }
        if (!messagingServiceSid.isEmpty() && !MESSAGING_SID.matcher(messagingServiceSid).matches()) {
            messaging.add("messagingServiceSid is not a messaging service SID (MG followed by 32 hex digits)");
        }
        if (!smsTemplate.contains("{code}")) {
            messaging.add("smsTemplate has no {code} placeholder");
        }
        messagingProblems = List.copyOf(messaging);
    }

    static TwilioSettings from(TwilioAccountComponent.Config config, Map<String, String> env) {
        return new TwilioSettings(config, env, List.of());
    }

    /** Settings from checked values; {@code refused} are the keys the check refused (they read as their defaults). */
    static TwilioSettings from(TwilioAccountComponent.Config config, Map<String, String> env,
            List<ConfigProblem> refused) {
        return new TwilioSettings(config, env, refused);
    }

    /** Whether an apiBaseUrl that is set is one requests may go to (an empty one is Twilio's own API). */
    static boolean isBaseUrl(String value) {
        List<String> problems = new ArrayList<>();
        baseUrl(clean(value), problems);
        return problems.isEmpty();
    }

    /** Account-wide problems: they stop every product. */
    List<String> accountProblems() {
        return accountProblems;
    }

    List<String> problems(TwilioProduct product) {
        return product == TwilioProduct.VERIFY ? verifyProblems : messagingProblems;
    }

    /** A call's overall budget: one connection and one answer. */
    Duration deadline() {
        return connectTimeout.plus(readTimeout);
    }

    private static int readTimeoutMs(int configured, Map<String, String> env, List<String> problems) {
        if (configured != 0) {
            if (configured < 1 || configured > MAX_TIMEOUT_MS) {
                problems.add("readTimeoutMs must be between 1 and " + MAX_TIMEOUT_MS + " (is " + configured + ")");
                return DEFAULT_READ_TIMEOUT_MS;
            }
            return configured;
        }
        String seconds = clean(env.get(TIMEOUT_ENV));
        if (seconds.isEmpty()) {
            return DEFAULT_READ_TIMEOUT_MS;
        }
        try {
            double value = Double.parseDouble(seconds);
            long millis = Math.round(value * 1000);
            if (millis >= 1 && millis <= MAX_TIMEOUT_MS) {
                return (int) millis;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(TIMEOUT_ENV + " must be a number of seconds between 0.001 and " + MAX_TIMEOUT_MS / 1000
                + " (is '" + seconds + "')");
        return DEFAULT_READ_TIMEOUT_MS;
    }

    private static URI baseUrl(String value, List<String> problems) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null
                    && uri.getFragment() == null && uri.getUserInfo() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.add("apiBaseUrl must be an http(s) URL without user, query or fragment, e.g. http://127.0.0.1:8089"
                + " (NERAVA_TWILIO_API_BASE_URL)");
        return null;
    }

    private static String clean(String value) {
        return value == null ? "" : value.strip();
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "TwilioSettings[api " + (apiBaseUrl == null ? "Twilio" : apiBaseUrl) + ", connect " + connectTimeout.toMillis()
                + " ms, read " + readTimeout.toMillis() + " ms, " + threads + " threads, problems " + accountProblems + "]";
    }
}
