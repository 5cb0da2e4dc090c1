package io.quire.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The text of an API key, {@code qk_<id>_<secret>}: the id finds the key's record, the secret proves possession.
 * Only the secret's SHA-256 is stored, so a copy of the data folder does not hand out working keys; the full key
 * is shown once, when it is created.
 *
 * @param id     12 hex characters
 * @param secret 43 base64url characters (32 random bytes)
 */
public record ApiKeySecret(String id, String secret) {
    public static final String PREFIX = "qk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static ApiKeySecret generate() {
        byte[] id = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return new ApiKeySecret(HexFormat.of().formatHex(id), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The key as the application presents it. */
    public String text() {
        return PREFIX + id + "_" + secret;
    }

    /** The parts of a presented key, or empty if it does not have the shape of one. */
    public static Optional<ApiKeySecret> parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = text.substring(PREFIX.length());
        int cut = rest.indexOf('_');
        if (cut != 12 || rest.length() - cut - 1 != 43) {
            return Optional.empty();
        }
        return Optional.of(new ApiKeySecret(rest.substring(0, cut), rest.substring(cut + 1)));
    }

    public String secretHash() {
        return hash(secret);
    }

    /** Compares in constant time, so response timing does not leak how much of a guess was right. */
    public boolean matches(String storedHash) {
        return MessageDigest.isEqual(secretHash().getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeySecret[" + id + "]"; // never the secret, so it cannot end up in a log
    }
}
