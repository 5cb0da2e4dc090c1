package io.quire.server.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;

/**
 * Jackson set up for the wire, and the buffer that server messages are written into.
 *
 * <p>Reading matches {@code JSON.parse}: one value and nothing after it (Jackson would otherwise ignore
 * trailing text), no comments, NaN or single quotes; with duplicate keys the last wins.
 *
 * <p>Writing matches {@code JSON.stringify} where it matters: a lone UTF-16 surrogate (half of an emoji cut by a
 * client's {@code substr}, say) is written as a <code>&#92;udXXX</code> escape. Jackson writes it raw into the text, and a
 * raw lone surrogate cannot be encoded as UTF-8: the WebSocket would send {@code ?} and the clients would
 * diverge. Jackson's {@code CharacterEscapes} sees one char at a time and cannot tell a lone surrogate from
 * half of a pair, so the finished text is scanned instead; structural JSON is ASCII, so a surrogate can only be
 * inside a string, where the escape means the same char.
 */
final class JsonFrames {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    static final JsonFactory FACTORY = MAPPER.getFactory();
    /** Reads frames into trees; unlike {@code MAPPER.readTree}, it resolves the tree's type once, not per frame. */
    static final ObjectReader TREE_READER = MAPPER.reader();

    /** Buffers grown past this by one large message are dropped rather than kept for the thread's lifetime. */
    private static final int MAX_RETAINED_CHARS = 64 * 1024;
    private static final ThreadLocal<FrameWriter> BUFFERS = ThreadLocal.withInitial(FrameWriter::new);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonFrames() {
    }

    /** Writes one JSON value with a streaming generator. */
    @FunctionalInterface
    interface Body {
        void writeTo(JsonGenerator gen) throws IOException;
    }

    /**
     * The text {@code body} writes, with lone surrogates escaped. Reuses a per-thread buffer and generator: a
     * generator per message (its contexts, its I/O context, its buffers) was a tenth of what the server allocates
     * per op. The body must write one whole value.
     */
    static String write(Body body) {
        FrameWriter out = BUFFERS.get();
        if (out.inUse) {
            out = new FrameWriter(); // a body that writes another message while writing its own
        }
        out.inUse = true;
        try {
            JsonGenerator gen = out.generator();
            body.writeTo(gen);
            if (!gen.getOutputContext().inRoot()) {
                throw new IllegalStateException("a message body left a JSON object or array open");
            }
            gen.flush();
            return escapeLoneSurrogates(out.chars, out.length);
        } catch (IOException e) {
            out.dropGenerator();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            out.dropGenerator(); // its state is unknown after a failed write
            throw e;
        } finally {
            out.release();
        }
    }

    /** The text of {@code chars[0, length)}, each surrogate without its partner replaced by <code>&#92;udXXX</code>. */
    static String escapeLoneSurrogates(char[] chars, int length) {
        for (int i = 0; i < length; i++) {
            char c = chars[i];
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(chars[i + 1])) {
                    i++;
                } else {
                    return escapeFrom(chars, length, i);
                }
            }
        }
        return new String(chars, 0, length);
    }

    private static String escapeFrom(char[] chars, int length, int firstLone) {
        StringBuilder text = new StringBuilder(length + 16);
        text.append(chars, 0, firstLone);
        for (int i = firstLone; i < length; i++) {
            char c = chars[i];
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(chars[i + 1])) {
                text.append(c).append(chars[++i]);
            } else if (Character.isSurrogate(c)) {
                text.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    /** A growable char buffer, and the generator that writes into it; Jackson fills it in chunks from its own buffer. */
    private static final class FrameWriter extends Writer {
        char[] chars = new char[1024];
        int length;
        boolean inUse;
        private JsonGenerator generator;

        /** One generator for message after message: each is a root value, written without a separator. */
        JsonGenerator generator() throws IOException {
            if (generator == null) {
                generator = FACTORY.createGenerator(this);
                generator.setRootValueSeparator(null);
            }
            return generator;
        }

        void dropGenerator() {
            generator = null;
        }

        @Override
        public void write(char[] source, int offset, int count) {
            ensure(count);
            System.arraycopy(source, offset, chars, length, count);
            length += count;
        }

        @Override
        public void write(String source, int offset, int count) {
            ensure(count);
            source.getChars(offset, offset + count, chars, length);
            length += count;
        }

        @Override
        public void write(int c) {
            ensure(1);
            chars[length++] = (char) c;
        }

        private void ensure(int more) {
            if (length + more > chars.length) {
                chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
            }
        }

        void release() {
            length = 0;
            inUse = false;
            if (chars.length > MAX_RETAINED_CHARS) {
                chars = new char[1024];
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
