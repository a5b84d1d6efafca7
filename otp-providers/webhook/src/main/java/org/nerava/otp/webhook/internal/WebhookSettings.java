package org.nerava.otp.webhook.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.nerava.platform.config.ConfigProblem;

/**
 * One activation's configuration, checked without any network I/O (no DNS either), with every problem named by its
 * key so that a call and {@code nerava:otp-check webhook} can say what an operator must fix. Holds the secret.
 */
final class WebhookSettings {

    static final String SECRET_PREFIX = "whsec_";
    /** Standard Webhooks asks for secrets of 24 to 64 random bytes. */
    static final int MIN_SECRET_BYTES = 24;
    static final int MAX_SECRET_BYTES = 64;
    static final int MAX_TIMEOUT_MS = 60_000;
    static final int MAX_CONNECT_ATTEMPTS = 3;

    /** Host names that are loopback without a DNS lookup: plain http is allowed to them (tests, a local sidecar). */
    private static final Pattern LOOPBACK = Pattern.compile("localhost|127(\\.[0-9]{1,3}){3}|\\[::1\\]|::1");

    final URI url;
    final byte[] secret;
    final Duration connectTimeout;
    final Duration readTimeout;
    final int connectAttempts;
    final int maxResponseBytes;
    final List<String> problems;

    private WebhookSettings(WebhookCodeDelivery.Config config, List<ConfigProblem> refused) {
        List<String> found = new ArrayList<>();
        Map<String, ConfigProblem> byKey = refused.stream()
                .collect(Collectors.toMap(ConfigProblem::key, p -> p, (a, b) -> a));
        // A refused url or secret reads as empty: say why, rather than "not set", so MISCONFIGURED names the refusal.
        if (byKey.containsKey("url")) {
            found.add(byKey.get("url").describe());
            url = null;
        } else {
            url = url(clean(config.url()), config.allowInsecureHttp(), found);
        }
        if (byKey.containsKey(".secret")) {
            found.add(byKey.get(".secret").describe());
            secret = null;
        } else {
            secret = secret(clean(config._secret()), found);
        }
        connectTimeout = Duration.ofMillis(bounded("connectTimeoutMs", config.connectTimeoutMs(), 1, MAX_TIMEOUT_MS,
                2000, found));
        readTimeout = Duration.ofMillis(bounded("readTimeoutMs", config.readTimeoutMs(), 1, MAX_TIMEOUT_MS, 5000, found));
        connectAttempts = bounded("connectAttempts", config.connectAttempts(), 1, MAX_CONNECT_ATTEMPTS, 2, found);
        maxResponseBytes = bounded("maxResponseBytes", config.maxResponseBytes(), 0, Integer.MAX_VALUE, 65536, found);
        problems = List.copyOf(found);
    }

    static WebhookSettings from(WebhookCodeDelivery.Config config) {
        return new WebhookSettings(config, List.of());
    }

    /** Settings from checked values; {@code refused} are the keys the check refused (they read as their defaults). */
    static WebhookSettings from(WebhookCodeDelivery.Config config, List<ConfigProblem> refused) {
        return new WebhookSettings(config, refused);
    }

    /** What is wrong with a url that is set, or null when it is usable (an empty url is "not configured", not wrong). */
    static String urlProblem(String value, boolean allowInsecureHttp) {
        List<String> found = new ArrayList<>();
        String clean = clean(value);
        if (clean.isEmpty()) {
            return null;
        }
        url(clean, allowInsecureHttp, found);
        return found.isEmpty() ? null : found.get(0);
    }

    /** What is wrong with a secret that is set, or null when it is usable; never contains the secret. */
    static String secretProblem(String value) {
        List<String> found = new ArrayList<>();
        String clean = clean(value);
        if (clean.isEmpty()) {
            return null;
        }
        secret(clean, found);
        return found.isEmpty() ? null : found.get(0);
    }

    boolean usable() {
        return problems.isEmpty();
    }

    /**
     * The longest a delivery can take: every connection attempt timing out with a pause between them, then one full
     * wait for the answer. Operators keep it under the auth feature's providerTimeoutMillis.
     */
    Duration worstCase() {
        return connectTimeout.multipliedBy(connectAttempts)
                .plus(WebhookCodeDelivery.RECONNECT_PAUSE.multipliedBy(connectAttempts - 1L)).plus(readTimeout);
    }

    private static URI url(String value, boolean allowInsecureHttp, List<String> problems) {
        if (value.isEmpty()) {
            problems.add("url is not set (NERAVA_OTP_WEBHOOK_URL)");
            return null;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            problems.add("url is not a URL");
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            problems.add("url must be an https URL with a host and without user or fragment");
            return null;
        }
        if (scheme.equals("http") && !allowInsecureHttp && !LOOPBACK.matcher(uri.getHost()).matches()) {
            // The body carries the code: in clear text only to this machine, or where the operator said so.
            problems.add("url must use https (plain http only to a loopback address, or with allowInsecureHttp=true)");
            return null;
        }
        return uri;
    }

    private static byte[] secret(String value, List<String> problems) {
        if (value.isEmpty()) {
            problems.add(".secret is not set (NERAVA_OTP_WEBHOOK_SECRET)");
            return null;
        }
        byte[] key;
        try {
            key = value.startsWith(SECRET_PREFIX) ? Base64.getDecoder().decode(value.substring(SECRET_PREFIX.length()))
                    : null;
        } catch (IllegalArgumentException e) {
            key = null;
        }
        if (key == null) {
            problems.add(".secret must be " + SECRET_PREFIX + "<base64 of " + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES
                    + " random bytes> (Standard Webhooks format)");
            return null;
        }
        if (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) {
            problems.add(".secret must hold " + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES + " bytes (has "
                    + key.length + ")");
            return null;
        }
        return key;
    }

    private static int bounded(String key, int value, int min, int max, int fallback, List<String> problems) {
        if (value < min || value > max) {
            problems.add(key + " must be between " + min + " and " + max + " (is " + value + ")");
            return fallback;
        }
        return value;
    }

    private static String clean(String value) {
        return value == null ? "" : value.strip();
    }

    /** Never shows the secret; the URL without its query, which may carry a token of the receiver's. */
    @Override
    public String toString() {
        String where = url == null ? "no url" : url.getScheme() + "://" + url.getAuthority() + url.getPath();
        return "WebhookSettings[" + where + ", connect " + connectTimeout.toMillis() + " ms x " + connectAttempts
                + ", read " + readTimeout.toMillis() + " ms, problems " + problems + "]";
    }
}
