package org.nerava.admin.internal.security;

import java.util.Optional;

import org.nerava.admin.internal.session.AdminSessions;

/** Reads an admin session token from an {@code Authorization: Bearer} header; a driver's token is not one. */
public final class AdminTokens {

    private static final int MAX_TOKEN = 100;

    private AdminTokens() {
    }

    public static Optional<String> bearer(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.strip();
        if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = value.substring(7).strip();
        return token.startsWith(AdminSessions.PREFIX) && token.length() <= MAX_TOKEN ? Optional.of(token)
                : Optional.empty();
    }
}
