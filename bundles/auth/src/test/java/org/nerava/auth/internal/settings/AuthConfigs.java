package org.nerava.auth.internal.settings;

import java.util.HashMap;
import java.util.Map;

import org.nerava.testing.ConfigAnnotations;

/** {@link AuthConfig} as DS would build it: the annotation's defaults, overridden by the given properties. */
public final class AuthConfigs {

    private AuthConfigs() {
    }

    public static AuthConfig with(Map<String, Object> properties) {
        return ConfigAnnotations.of(AuthConfig.class, properties);
    }

    /** Settings for tests: dev profile, a fixed key, limits high enough not to get in the way. */
    public static Map<String, Object> testDefaults() {
        Map<String, Object> values = new HashMap<>();
        values.put("profile", "dev");
        values.put("_codeHmacKeys", new String[] {"k1:" + "a".repeat(43) + "="});
        values.put("sendsPerPhonePerHour", 1000);
        values.put("sendsPerIpPerHour", 1000);
        values.put("sendsPerHour", 100000);
        values.put("sendsPerPrefixPerHour", 100000);
        values.put("sendsPerDay", 1000000);
        values.put("resendIntervalSeconds", 0);
        values.put("providerTimeoutMillis", 500);
        return values;
    }
}
