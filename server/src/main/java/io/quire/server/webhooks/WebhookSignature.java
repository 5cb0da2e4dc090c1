package io.quire.server.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature on every webhook request, and how a receiver checks it.
 *
 * <p>Each attempt carries
 * <pre>
 * X-Quire-Timestamp: 1793700930                  (unix seconds when the attempt was made)
 * X-Quire-Signature: v1=3f1c…(64 lowercase hex digits)
 * </pre>
 * where the hex digits are {@code HMAC-SHA256(key, message)} with
 * <ul>
 *   <li>{@code key} = the hook's secret as UTF-8 bytes (the whole string, {@code whsec_} prefix included), and</li>
 *   <li>{@code message} = the timestamp header's value, a full stop, then the raw request body bytes:
 *       {@code timestamp + "." + body}.</li>
 * </ul>
 * To verify, a receiver computes the same HMAC over the body bytes exactly as received (before any JSON parsing)
 * and compares it in constant time; {@link #verify} does that. Signing the timestamp too lets a receiver refuse
 * replays: reject a timestamp more than a few minutes from its own clock (each retry is signed afresh, so a
 * genuine retry is always fresh) and remember {@code X-Quire-Delivery} ids to ignore duplicates.
 *
 * <p>The header may hold several comma-separated {@code scheme=value} entries (room for a new scheme or for two
 * secrets while one is rotated); a receiver accepts the request when any {@code v1} entry matches and ignores
 * schemes it does not know.
 */
public final class WebhookSignature {
    /** The scheme this class writes. */
    public static final String SCHEME = "v1";

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /** The {@code X-Quire-Signature} value for a body sent at {@code timestamp} (unix seconds, as a string). */
    public static String sign(String secret, String timestamp, byte[] body) {
        return SCHEME + "=" + HexFormat.of().formatHex(hmac(secret, timestamp, body));
    }

    /**
     * True when {@code header} holds a {@code v1} signature of {@code timestamp + "." + body} made with
     * {@code secret}. Does not judge the timestamp's age: that is the receiver's policy.
     *
     * @param body the raw request body, as received
     */
    public static boolean verify(String secret, String timestamp, byte[] body, String header) {
        if (secret == null || timestamp == null || body == null || header == null) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(hmac(secret, timestamp, body)).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String entry : header.split(",")) {
            int equals = entry.indexOf('=');
            if (equals < 0 || !entry.substring(0, equals).trim().equals(SCHEME)) {
                continue;
            }
            byte[] given = entry.substring(equals + 1).trim().toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.US_ASCII);
            // Constant time, and no early exit: a mismatch reveals nothing about how close a guess was.
            matched |= MessageDigest.isEqual(expected, given);
        }
        return matched;
    }

    /** {@link #verify(String, String, byte[], String)} for a body given as text (UTF-8 encoded). */
    public static boolean verify(String secret, String timestamp, String body, String header) {
        return body != null && verify(secret, timestamp, body.getBytes(StandardCharsets.UTF_8), header);
    }

    private static byte[] hmac(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256.
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
