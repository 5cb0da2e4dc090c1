package io.quire.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A selection in a rich-text document as presence carries it: {@code {"index": 4, "length": 0}} (Quill's
 * range; a caret has length 0). Positions count UTF-16 units, like the document.
 *
 * <p>The rich-text type transforms a presence value with {@code Object.assign({}, range, {index, length})},
 * so any other fields the client put in the value travel on unchanged: see {@link #writeInto(JsonNode)}.
 */
public record TextRange(int index, int length) {
    public TextRange {
        if (index < 0 || length < 0 || (long) index + length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("range must have index >= 0, length >= 0 and end < 2^31, got index "
                    + index + ", length " + length);
        }
    }

    public int end() {
        return index + length;
    }

    /**
     * Reads a presence value; null for JSON null (no selection).
     *
     * @throws IllegalArgumentException saying what was expected, if it is not a range
     */
    public static TextRange read(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException("expected p to be null or a range {index, length}, got "
                    + RequestFields.describe(value));
        }
        long index = readPosition(value, "index");
        long length = readPosition(value, "length");
        if (index + length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected p.index + p.length to be below 2^31, got " + (index + length));
        }
        return new TextRange((int) index, (int) length);
    }

    private static long readPosition(JsonNode range, String field) {
        JsonNode node = range.get(field);
        if (node == null || !RequestFields.isWholeNumber(node) || node.doubleValue() < 0
                || node.doubleValue() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected p." + field + " to be an integer from 0 to 2^31-1, got "
                    + RequestFields.describe(node));
        }
        return node.longValue();
    }

    /** {@code original} (a presence object, possibly with other fields) with this range's index and length. */
    public ObjectNode writeInto(JsonNode original) {
        ObjectNode copy = original != null && original.isObject()
                ? ((ObjectNode) original).deepCopy()
                : JsonFrames.MAPPER.createObjectNode();
        copy.put("index", index);
        copy.put("length", length);
        return copy;
    }
}
