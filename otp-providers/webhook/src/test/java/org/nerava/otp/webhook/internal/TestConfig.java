package org.nerava.otp.webhook.internal;

import java.lang.annotation.Annotation;
import java.util.HashMap;
import java.util.Map;

/** A configuration as Declarative Services would hand it over, built in a test. */
record TestConfig(String url, String secret, int connectTimeoutMs, int readTimeoutMs, int connectAttempts,
        boolean allowInsecureHttp, int maxResponseBytes) implements WebhookCodeDelivery.Config {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    static TestConfig of(String url) {
        return new TestConfig(url, SECRET, 1000, 2000, 2, false, 65536);
    }

    TestConfig withSecret(String value) {
        return new TestConfig(url, value, connectTimeoutMs, readTimeoutMs, connectAttempts, allowInsecureHttp, maxResponseBytes);
    }

    TestConfig withTimeouts(int connectMs, int readMs) {
        return new TestConfig(url, secret, connectMs, readMs, connectAttempts, allowInsecureHttp, maxResponseBytes);
    }

    TestConfig withConnectAttempts(int attempts) {
        return new TestConfig(url, secret, connectTimeoutMs, readTimeoutMs, attempts, allowInsecureHttp, maxResponseBytes);
    }

    TestConfig withMaxResponseBytes(int bytes) {
        return new TestConfig(url, secret, connectTimeoutMs, readTimeoutMs, connectAttempts, allowInsecureHttp, bytes);
    }

    TestConfig allowingInsecureHttp() {
        return new TestConfig(url, secret, connectTimeoutMs, readTimeoutMs, connectAttempts, true, maxResponseBytes);
    }

    /** The properties Config Admin would hand the component for this configuration, numbers as text as in a file. */
    Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("url", url);
        properties.put(".secret", secret);
        properties.put("connectTimeoutMs", String.valueOf(connectTimeoutMs));
        properties.put("readTimeoutMs", String.valueOf(readTimeoutMs));
        properties.put("connectAttempts", String.valueOf(connectAttempts));
        properties.put("allowInsecureHttp", String.valueOf(allowInsecureHttp));
        properties.put("maxResponseBytes", String.valueOf(maxResponseBytes));
        return properties;
    }

    @Override
    public String _secret() {
        return secret;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return WebhookCodeDelivery.Config.class;
    }
}
