package org.nerava.otp.webhook.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.nerava.otp.spi.CodeMessage;

/**
 * The JSON bodies the provider posts, in the Standard Webhooks shape {@code {type, timestamp, data}}:
 * {@code otp.code} carries a code to deliver, {@code otp.ping} (from {@code diagnose()}) carries nothing and must be
 * answered 2xx without sending anything to anybody. Written by hand: the bundle depends on nothing but the JDK.
 */
final class WebhookPayload {

    static final String CODE = "otp.code";
    static final String PING = "otp.ping";

    private WebhookPayload() {
    }

    static byte[] code(CodeMessage message, Instant now) {
        StringBuilder json = new StringBuilder(256).append("{\"type\":\"").append(CODE).append("\",\"timestamp\":");
        string(json, now.toString()).append(",\"data\":{\"phone\":");
        string(json, message.phoneE164()).append(",\"code\":");
        string(json, message.code()).append(",\"expires_in\":").append(message.validFor().toSeconds())
                .append(",\"locale\":");
        string(json, message.locale().toLanguageTag()).append(",\"request_id\":");
        if (message.requestId() == null) {
            json.append("null");
        } else {
            string(json, message.requestId());
        }
        return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] ping(Instant now) {
        StringBuilder json = new StringBuilder(96).append("{\"type\":\"").append(PING).append("\",\"timestamp\":");
        string(json, now.toString()).append(",\"data\":{}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
