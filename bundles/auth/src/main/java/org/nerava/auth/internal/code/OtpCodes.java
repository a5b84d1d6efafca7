package org.nerava.auth.internal.code;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes one-time codes and keeps them only as keyed hashes. A stored hash reads {@code <key id>$<base64 HMAC>}: the
 * key id lets operators rotate the key (put the new key first, keep the old one until its codes expire) without
 * failing codes already sent. The HMAC covers the challenge id and phone too, so a hash copied onto another challenge
 * or number never matches.
 */
public final class OtpCodes {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final int length;
    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys;

    /**
     * @param length digits per code
     * @param keys key id to secret, the first one signs new codes; every one is accepted for checking
     */
    public OtpCodes(int length, Map<String, byte[]> keys) {
        if (length < 4 || length > 10) {
            throw new IllegalArgumentException("code length must be 4 to 10 digits, not " + length);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one code key is required");
        }
        this.length = length;
        this.keys = new LinkedHashMap<>();
        keys.forEach((id, secret) -> {
            if (secret.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("code key '" + id + "' is shorter than " + MIN_KEY_BYTES + " bytes");
            }
            this.keys.put(id, new SecretKeySpec(secret, ALGORITHM));
        });
        this.currentKeyId = keys.keySet().iterator().next();
    }

    /** Parses configured keys, each {@code <id>:<base64 secret>}. */
    public static Map<String, byte[]> parseKeys(List<String> entries) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String spec : entries) {
            int colon = spec.indexOf(':');
            if (colon <= 0 || colon == spec.length() - 1) {
                throw new IllegalArgumentException("a code key reads <id>:<base64 secret>; one entry does not");
            }
            String id = spec.substring(0, colon);
            try {
                keys.put(id, Base64.getDecoder().decode(spec.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("code key '" + id + "' is not valid base64");
            }
        }
        return keys;
    }

    /**
     * A random key for a server that was given none, made once per bundle life: configuration changes re-read the
     * settings and must not void the codes already sent.
     */
    public static Map<String, byte[]> ephemeralKey() {
        return Map.of("ephemeral", EphemeralKey.SECRET);
    }

    private static final class EphemeralKey {
        static final byte[] SECRET = new byte[MIN_KEY_BYTES];

        static {
            new SecureRandom().nextBytes(SECRET);
        }
    }

    public int length() {
        return length;
    }

    /** Uniform over all {@code length}-digit strings, leading zeros included. */
    public String newCode() {
        StringBuilder code = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            code.append((char) ('0' + random.nextInt(10)));
        }
        return code.toString();
    }

    public boolean isWellFormed(String code) {
        if (code == null || code.length() != length) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    public String hash(String challengeId, String phoneE164, String code) {
        return currentKeyId + "$" + Base64.getEncoder().encodeToString(mac(keys.get(currentKeyId), challengeId, phoneE164, code));
    }

    /** Constant-time comparison; a hash made with a key no longer configured never matches. */
    public boolean matches(String storedHash, String challengeId, String phoneE164, String code) {
        int dollar = storedHash.indexOf('$');
        SecretKeySpec key = dollar < 0 ? null : keys.get(storedHash.substring(0, dollar));
        if (key == null) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(storedHash.substring(dollar + 1));
        return MessageDigest.isEqual(expected, mac(key, challengeId, phoneE164, code));
    }

    private static byte[] mac(SecretKeySpec key, String challengeId, String phoneE164, String code) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal((challengeId + '\n' + phoneE164 + '\n' + code).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
