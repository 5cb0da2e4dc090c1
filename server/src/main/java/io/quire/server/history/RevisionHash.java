package io.quire.server.history;

import io.quire.ot.DeltaJson;
import io.quire.server.storage.StoredOp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The tamper-evident chain of a chapter's revisions: each op's hash is SHA-256 over the previous op's hash and
 * the op's own fields, so changing, removing or reordering any stored op breaks every hash from there on.
 *
 * <h2>What is hashed</h2>
 * The previous hash as 32 bytes (32 zero bytes for version 0), then the UTF-16LE bytes of
 * <pre>
 *   version \n kind \n source \n seq \n author \n timestamp \n delta-JSON
 * </pre>
 * where kind is {@code create}, {@code edit} or {@code delete} (which has an empty delta) and the delta is
 * written as quill-delta writes it. UTF-16 keeps text with half a surrogate pair exact, which UTF-8 would not.
 *
 * <h2>Across a fold</h2>
 * Compaction replaces the ops {@code a .. b} of one author by one entry (see {@code StoredOp.Fold}) without
 * changing any kept hash: the entry keeps the hash of op {@code b}, so op {@code b + 1} still verifies against
 * it, and records the hash before op {@code a}, which must equal the hash of the entry before it. Its own contents
 * are sealed by the fold hash: SHA-256 over the hash before, then the UTF-16LE bytes of
 * <pre>
 *   "fold" \n a \n b \n source \n seq \n author \n first timestamp \n last timestamp \n inserted \n deleted \n
 *   formatted \n delta-JSON \n hash of b
 * </pre>
 * So the verifier still proves that no entry was removed, reordered or changed since it was stored (a changed
 * fold fails its fold hash, a dropped or moved one breaks the link). What it can no longer prove is that the
 * fold's delta is the composition of the ops it replaced: that was checked when it was made (compaction
 * verifies the original chain first) and rests on that check, as the discarded ops are gone.
 */
public final class RevisionHash {
    private static final byte[] GENESIS = new byte[32];
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    });

    private RevisionHash() {
    }

    /** The hash of {@code op} after {@code previous} (null for the first op of a chapter). */
    public static String of(String previous, StoredOp op) {
        return hex(digest(previous == null ? null : bytes(previous), op));
    }

    /** The hash as the lower-case hex text stored with each op. */
    static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    /** The bytes of a hash stored as text. */
    static byte[] bytes(String hash) {
        return HEX.parseHex(hash);
    }

    /**
     * The 32 bytes of the hash of {@code op} after the hash {@code previous} (its 32 bytes; null for the first
     * op of a chapter): for a caller that holds the previous hash as bytes already.
     */
    static byte[] digest(byte[] previous, StoredOp op) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        digest.update(previous == null ? GENESIS : previous);
        // Field by field rather than one concatenated string: the same bytes, without copying the delta's text.
        Utf16Le out = Utf16Le.into(digest);
        out.line(op.version()).line(KINDS[op.kind().ordinal()]).line(op.source()).line(op.seq()).line(op.author())
                .line(op.timestamp()).text(op.delta() == null ? "" : DeltaJson.write(op.delta()));
        out.finish();
        return digest.digest();
    }

    private static final String[] KINDS = Arrays.stream(StoredOp.Kind.values())
            .map(kind -> kind.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    /**
     * Feeds the UTF-16LE bytes of text to a digest through reused per-thread buffers: the same bytes as
     * {@code getBytes(UTF_16LE)} would be for text without lone surrogates, without building a charset encoder
     * and a byte array for every op. Text is copied in bulk into a char buffer, and from it in bulk into the bytes
     * (a plain copy on a little-endian machine): char by char, this was the largest part of sealing an op.
     */
    private static final class Utf16Le {
        private static final ThreadLocal<Utf16Le> PER_THREAD = ThreadLocal.withInitial(Utf16Le::new);
        private static final int CHARS = 4096;
        private static final int LONGEST_NUMBER = Long.toString(Long.MIN_VALUE).length();
        private final char[] chars = new char[CHARS];
        private final byte[] bytes = new byte[2 * CHARS];
        private final CharBuffer bytesAsChars = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asCharBuffer();
        private MessageDigest digest;
        private int at;

        static Utf16Le into(MessageDigest digest) {
            Utf16Le out = PER_THREAD.get();
            out.digest = digest;
            out.at = 0;
            return out;
        }

        /** {@code text} and a line feed. */
        Utf16Le line(String text) {
            return text(text).lineFeed();
        }

        /** {@code number} in decimal, as {@code Long.toString} writes it, and a line feed. */
        Utf16Le line(long number) {
            if (number == Long.MIN_VALUE) {
                return line(Long.toString(number)); // has no positive counterpart to write the digits of
            }
            if (at + LONGEST_NUMBER > CHARS) {
                flush();
            }
            if (number < 0) {
                chars[at++] = '-';
                number = -number;
            }
            int first = at;
            do {
                chars[at++] = (char) ('0' + number % 10);
                number /= 10;
            } while (number != 0);
            for (int i = first, j = at - 1; i < j; i++, j--) {
                char c = chars[i];
                chars[i] = chars[j];
                chars[j] = c;
            }
            return lineFeed();
        }

        Utf16Le text(String text) {
            for (int i = 0, n = text.length(); i < n; ) {
                if (at == CHARS) {
                    flush();
                }
                int end = Math.min(n, i + CHARS - at);
                text.getChars(i, end, chars, at);
                at += end - i;
                i = end;
            }
            return this;
        }

        private Utf16Le lineFeed() {
            if (at == CHARS) {
                flush();
            }
            chars[at++] = '\n';
            return this;
        }

        private void flush() {
            bytesAsChars.clear();
            bytesAsChars.put(chars, 0, at);
            digest.update(bytes, 0, 2 * at);
            at = 0;
        }

        void finish() {
            flush();
            digest = null;
        }
    }

    /** The fold hash of a folded entry, from its fields (its {@code foldHash} is not read). */
    public static String ofFold(StoredOp fold) {
        StoredOp.Fold f = fold.fold();
        MessageDigest digest = SHA256.get();
        digest.reset();
        digest.update(f.previousHash() == null ? GENESIS : HEX.parseHex(f.previousHash()));
        String fields = "fold\n" + f.firstVersion() + "\n" + fold.version() + "\n" + fold.source() + "\n" + fold.seq()
                + "\n" + fold.author() + "\n" + f.firstTimestamp() + "\n" + fold.timestamp() + "\n" + f.inserted()
                + "\n" + f.deleted() + "\n" + f.formatted() + "\n" + DeltaJson.write(fold.delta()) + "\n" + fold.hash();
        Utf16Le.into(digest).text(fields).finish();
        return HEX.formatHex(digest.digest());
    }
}
