package org.nerava.platform.internal.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash that links an audit entry to the one before it: SHA-256 over the previous entry's hash and every field of
 * this one, each written with its length first, so no two different entries ever hash the same text. Changing any
 * field of any entry, removing one, or reordering them breaks every link after it.
 */
final class AuditChain {

    /** The previous hash of the first entry of the chain. */
    static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    static String hash(String previousHash, long seq, String id, long recordedAtMillis, String actor, String action,
            String target, String outcome, String detail) {
        StringBuilder text = new StringBuilder(256);
        for (String field : new String[] {previousHash, Long.toString(seq), id, Long.toString(recordedAtMillis), actor,
                action, target, outcome, detail}) {
            if (field == null) {
                text.append("-1:;");
            } else {
                text.append(field.length()).append(':').append(field).append(';');
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
