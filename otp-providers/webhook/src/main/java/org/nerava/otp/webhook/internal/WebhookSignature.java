package org.nerava.otp.webhook.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a delivery the way the Standard Webhooks specification (v1, symmetric) does, so that a receiver can verify it
 * with any of that specification's libraries: {@code webhook-signature: v1,<base64 HMAC-SHA256>} over the exact bytes
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed with the base64-decoded part of a {@code whsec_} secret.
 * Signing the id and the timestamp with the body binds them: a replay needs a fresh timestamp (refused outside the
 * receiver's tolerance) or the same id (refused by the receiver's de-duplication).
 */
final class WebhookSignature {

    static final String ID_HEADER = "webhook-id";
    static final String TIMESTAMP_HEADER = "webhook-timestamp";
    static final String SIGNATURE_HEADER = "webhook-signature";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /** @return the value of the {@code webhook-signature} header */
    static String sign(byte[] key, String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            // Every Java runtime has HmacSHA256; a key of 24 to 64 bytes is always valid for it.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
