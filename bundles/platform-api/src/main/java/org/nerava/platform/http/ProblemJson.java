package org.nerava.platform.http;

import java.nio.charset.StandardCharsets;

import org.nerava.platform.Problem;

/**
 * The one writer of a problem body: RFC 9457's members in RFC order ({@code type, title, status, detail, code,
 * request_id}), absent members omitted, strings escaped as JSON requires. The REST application's JSON provider and
 * every servlet write problems through it, so a problem reads the same whoever answers.
 */
public final class ProblemJson {

    /** The media type of every problem body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemJson() {
    }

    /** The problem as UTF-8 JSON. */
    public static byte[] bytes(Problem problem) {
        StringBuilder json = new StringBuilder(160).append('{');
        member(json, "type", problem.getType());
        json.append(',');
        member(json, "title", problem.getTitle());
        json.append(",\"status\":").append(problem.getStatus());
        if (problem.getDetail() != null) {
            json.append(',');
            member(json, "detail", problem.getDetail());
        }
        json.append(',');
        member(json, "code", problem.getCode());
        if (problem.getRequestId() != null) {
            json.append(',');
            member(json, "request_id", problem.getRequestId());
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void member(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
