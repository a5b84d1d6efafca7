package org.nerava.otp.twilio.client.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Real {@link TwilioClient}s for tests, configured from a map as Configuration Admin would (keys of
 * {@link TwilioAccountComponent.Config}; missing keys take their defaults).
 */
public final class TwilioTestAccounts {

    public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "tok-5ecret-5ecret-5ecret";
    public static final String VERIFY_SID = "VA0123456789abcdef0123456789abcdef";
    public static final String MESSAGING_SID = "MG0123456789abcdef0123456789abcdef";
    public static final String FROM = "+15005550006";

    private TwilioTestAccounts() {
    }

    /** A fully configured account (Verify and Messaging from a number) pointed at {@code baseUrl}. */
    public static Map<String, Object> configured(String baseUrl) {
        Map<String, Object> config = new HashMap<>();
        config.put("accountSid", ACCOUNT_SID);
        config.put("authToken", AUTH_TOKEN);
        config.put("verifyServiceSid", VERIFY_SID);
        config.put("fromNumber", FROM);
        config.put("apiBaseUrl", baseUrl);
        config.put("connectTimeoutMs", 1000);
        config.put("readTimeoutMs", 1000);
        return config;
    }

    public static TwilioClient client(Map<String, ?> config) {
        return client(config, Map.of());
    }

    public static TwilioClient client(Map<String, ?> config, Map<String, String> env) {
        return new TwilioClient(TwilioSettings.from(config(config), env));
    }

    static TwilioAccountComponent.Config config(Map<String, ?> values) {
        return (TwilioAccountComponent.Config) Proxy.newProxyInstance(TwilioAccountComponent.Config.class.getClassLoader(),
                new Class<?>[] {TwilioAccountComponent.Config.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return TwilioAccountComponent.Config.class;
                        case "toString":
                            return "Config";
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            Object value = values.get(method.getName());
                            return value != null ? value : method.getDefaultValue();
                    }
                });
    }
}
