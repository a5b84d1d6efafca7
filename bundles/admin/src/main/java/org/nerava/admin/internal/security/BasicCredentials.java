package org.nerava.admin.internal.security;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * An {@code Authorization} header as the admin API reads it (RFC 7617 HTTP Basic, UTF-8). The password is kept as a
 * char array so it can be wiped after the login, and is never part of {@link #toString()}.
 */
final class BasicCredentials {

    /** What the header holds. */
    enum Kind { NONE, OTHER_SCHEME, MALFORMED, BASIC }

    private static final int MAX_HEADER = 4096;

    private final Kind kind;
    private final String scheme;
    private final String user;
    private final char[] password;

    private BasicCredentials(Kind kind, String scheme, String user, char[] password) {
        this.kind = kind;
        this.scheme = scheme;
        this.user = user;
        this.password = password;
    }

    static BasicCredentials parse(String header) {
        if (header == null || header.isBlank()) {
            return new BasicCredentials(Kind.NONE, null, null, null);
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!"Basic".equalsIgnoreCase(scheme)) {
            return new BasicCredentials(Kind.OTHER_SCHEME, scheme.length() > 20 ? "other" : scheme, null, null);
        }
        if (space < 0 || value.length() > MAX_HEADER) {
            return new BasicCredentials(Kind.MALFORMED, "Basic", null, null);
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value.substring(space + 1).strip());
        } catch (IllegalArgumentException e) {
            return new BasicCredentials(Kind.MALFORMED, "Basic", null, null);
        }
        char[] chars;
        try {
            CharBuffer buffer = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded));
            chars = new char[buffer.remaining()];
            buffer.get(chars);
            Arrays.fill(buffer.array(), '\0');
        } catch (CharacterCodingException e) {
            return new BasicCredentials(Kind.MALFORMED, "Basic", null, null);
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
        int colon = -1;
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0) {
            Arrays.fill(chars, '\0');
            return new BasicCredentials(Kind.MALFORMED, "Basic", null, null);
        }
        String user = new String(chars, 0, colon);
        char[] password = Arrays.copyOfRange(chars, colon + 1, chars.length);
        Arrays.fill(chars, '\0');
        return new BasicCredentials(Kind.BASIC, "Basic", user, password);
    }

    Kind kind() {
        return kind;
    }

    /** The scheme of a header that is not Basic (e.g. {@code Bearer}). */
    String scheme() {
        return scheme;
    }

    String user() {
        return user;
    }

    char[] password() {
        return password;
    }

    void wipe() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String toString() {
        return kind + (user == null ? "" : " " + user);
    }
}
