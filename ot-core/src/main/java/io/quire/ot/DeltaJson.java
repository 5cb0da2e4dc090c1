package io.quire.ot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.Writer;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes deltas in Quill's JSON form: {@code {"ops":[...]}}, each op one of
 * {@code {"insert": "text" | {embed}, "attributes"?: {...}}}, {@code {"retain": n, "attributes"?: {...}}},
 * {@code {"delete": n}}. A bare array of ops is read too, as the rich-text type allows.
 *
 * <p>Reading is strict: anything quill-delta would mishandle is refused with a message naming the op,
 * e.g. {@code {"retain":0}} (quill-delta treats it as "retain the rest", moving a later insert to the
 * end of the document), an empty insert, a fractional length, or an op with two actions. Read ops go
 * through {@link DeltaBuilder}, so what comes out is canonical; an empty attributes object means none.
 *
 * <p>Writing puts the action first and attributes second, keeping attribute key order.
 */
public final class DeltaJson {
    private static final JsonFactory FACTORY = JsonValues.MAPPER.getFactory();

    private DeltaJson() {
    }

    /** Parses JSON text. */
    public static Delta parse(String json) {
        JsonNode node;
        try {
            node = JsonValues.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidDeltaException("delta is not valid JSON: " + e.getOriginalMessage());
        }
        return read(node);
    }

    /** Reads a delta from a JSON tree: an object with an {@code ops} array, or the array itself. */
    public static Delta read(JsonNode node) {
        JsonNode ops = node;
        if (node != null && node.isObject()) {
            ops = node.get("ops");
            if (ops == null) {
                throw new InvalidDeltaException("delta must have an \"ops\" array");
            }
        }
        if (ops == null || !ops.isArray()) {
            throw new InvalidDeltaException("delta must be {\"ops\": [...]} or an array of ops");
        }
        DeltaBuilder builder = new DeltaBuilder(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            builder.push(readOp(ops.get(i), i));
        }
        return builder.build();
    }

    private static Op readOp(JsonNode node, int index) {
        if (!node.isObject()) {
            throw invalid(index, "an op must be an object, got " + node.getNodeType().name().toLowerCase());
        }
        JsonNode insert = null;
        JsonNode retain = null;
        JsonNode delete = null;
        JsonNode attributes = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            switch (field.getKey()) {
                case "insert" -> insert = field.getValue();
                case "retain" -> retain = field.getValue();
                case "delete" -> delete = field.getValue();
                case "attributes" -> attributes = field.getValue();
                default -> throw invalid(index, "unexpected field \"" + field.getKey()
                        + "\" (expected: insert, retain or delete, and attributes)");
            }
        }
        int actions = (insert != null ? 1 : 0) + (retain != null ? 1 : 0) + (delete != null ? 1 : 0);
        if (actions != 1) {
            throw invalid(index, "an op needs exactly one of insert, retain or delete, got " + actions);
        }
        if (delete != null) {
            if (attributes != null) {
                throw invalid(index, "a delete cannot carry attributes");
            }
            return new Op.Delete(readLength(delete, "delete", index));
        }
        AttributeMap attrs = readAttributes(attributes, index);
        if (retain != null) {
            if (retain.isObject()) {
                throw invalid(index, "retaining an embed with an object is not supported by the rich-text type");
            }
            return new Op.Retain(readLength(retain, "retain", index), attrs);
        }
        if (insert.isTextual()) {
            if (insert.textValue().isEmpty()) {
                throw invalid(index, "insert text must not be empty");
            }
            return new Op.Insert(insert.textValue(), attrs);
        }
        if (insert.isObject()) {
            if (insert.isEmpty()) {
                throw invalid(index, "an embed must be a non-empty object such as {\"image\": \"url\"}");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> embed = (Map<String, Object>) toJava(insert);
            return new Op.Insert(Embed.of(embed), attrs);
        }
        throw invalid(index, "insert must be a string or an embed object, got " + insert.getNodeType().name().toLowerCase());
    }

    private static int readLength(JsonNode node, String action, int index) {
        if (!node.isNumber() || !(node.isIntegralNumber() || node.doubleValue() == Math.rint(node.doubleValue()))) {
            throw invalid(index, action + " must be a positive integer, got " + node);
        }
        double value = node.doubleValue();
        if (value < 1 || value > Integer.MAX_VALUE - 1) {
            throw invalid(index, action + " must be a positive integer below 2^31, got " + node);
        }
        return (int) value;
    }

    private static AttributeMap readAttributes(JsonNode node, int index) {
        if (node == null || node.isNull()) {
            return AttributeMap.EMPTY;
        }
        if (!node.isObject()) {
            throw invalid(index, "attributes must be an object, got " + node.getNodeType().name().toLowerCase());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) toJava(node);
        return AttributeMap.of(map);
    }

    private static Object toJava(JsonNode node) {
        switch (node.getNodeType()) {
            case NULL:
                return null;
            case BOOLEAN:
                return node.booleanValue();
            case STRING:
                return node.textValue();
            case NUMBER:
                return node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(item -> list.add(toJava(item)));
                return list;
            }
            case OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue())));
                return map;
            }
            default:
                throw new InvalidDeltaException("unsupported JSON value: " + node);
        }
    }

    private static InvalidDeltaException invalid(int index, String message) {
        return new InvalidDeltaException("op " + index + ": " + message);
    }

    /** The delta as JSON text: {@code {"ops":[...]}}. Made once per delta and kept with it. */
    public static String write(Delta delta) {
        return json(delta).text();
    }

    /**
     * {@link #write(Delta)}'s text when it holds no half of a surrogate pair, so that it can go into a message as
     * it is; null otherwise (such text must be written op by op by a generator that escapes it).
     */
    public static String encodableText(Delta delta) {
        Delta.Json json = json(delta);
        return json.encodable() ? json.text() : null;
    }

    /**
     * Drops the text {@link #write(Delta)} kept with {@code delta}, for a delta held long after it was written (a
     * server's recent ops, kept for seconds): the text is made again if it is asked for.
     */
    public static void forget(Delta delta) {
        delta.cacheJson(null);
    }

    /**
     * Writes {@code {"ops":[...]}} as {@link #write(JsonGenerator, Delta)} does, but from the text
     * {@link #write(Delta)} made, so a delta written into several messages is serialized once. Text holding half
     * of a surrogate pair is written op by op instead, so that the generator escapes it: a UTF-8 writer cannot
     * encode it raw.
     */
    public static void writeOnce(JsonGenerator gen, Delta delta) throws IOException {
        Delta.Json json = json(delta);
        if (json.encodable()) {
            gen.writeRawValue(json.text());
        } else {
            write(gen, delta);
        }
    }

    private static Delta.Json json(Delta delta) {
        Delta.Json json = delta.cachedJson();
        if (json == null) {
            String text = TextOutput.write(delta);
            json = new Delta.Json(text, !hasLoneSurrogate(text));
            delta.cacheJson(json);
        }
        return json;
    }

    /**
     * A per-thread text buffer and the generator writing into it, delta after delta: a server writes the JSON of
     * every op it commits, and a generator per delta (its contexts and buffers) was most of what that allocated.
     */
    private static final class TextOutput extends Writer {
        private static final int MAX_RETAINED_CHARS = 64 * 1024;
        private static final ThreadLocal<TextOutput> PER_THREAD = ThreadLocal.withInitial(TextOutput::new);
        private StringBuilder text = new StringBuilder(256);
        private JsonGenerator generator;
        private boolean inUse;

        static String write(Delta delta) {
            TextOutput out = PER_THREAD.get();
            if (out.inUse) {
                out = new TextOutput();
            }
            out.inUse = true;
            try {
                if (out.generator == null) {
                    out.generator = FACTORY.createGenerator(out);
                    out.generator.setRootValueSeparator(null);
                }
                DeltaJson.write(out.generator, delta);
                out.generator.flush();
                return out.text.toString();
            } catch (IOException e) {
                out.generator = null;
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                out.generator = null; // its state is unknown after a failed write
                throw e;
            } finally {
                out.inUse = false;
                if (out.text.length() > MAX_RETAINED_CHARS) {
                    out.text = new StringBuilder(256);
                } else {
                    out.text.setLength(0);
                }
            }
        }

        @Override
        public void write(char[] chars, int offset, int count) {
            text.append(chars, offset, count);
        }

        @Override
        public void write(String chars, int offset, int count) {
            text.append(chars, offset, offset + count);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    /** Writes {@code {"ops":[...]}} to a generator, for callers embedding a delta in a larger message. */
    public static void write(JsonGenerator gen, Delta delta) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName("ops");
        writeOps(gen, delta);
        gen.writeEndObject();
    }

    /** Writes just the ops array. */
    public static void writeOps(JsonGenerator gen, Delta delta) throws IOException {
        gen.writeStartArray();
        for (Op op : delta.opArray()) {
            gen.writeStartObject();
            if (op instanceof Op.Insert insert) {
                gen.writeFieldName("insert");
                if (insert.isText()) {
                    gen.writeString(insert.text());
                } else {
                    writeValue(gen, insert.embed().asMap());
                }
            } else if (op instanceof Op.Retain retain) {
                gen.writeNumberField("retain", retain.length());
            } else {
                gen.writeNumberField("delete", op.length());
            }
            if (!op.attributes().isEmpty()) {
                gen.writeFieldName("attributes");
                writeValue(gen, op.attributes().asMap());
            }
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private static void writeValue(JsonGenerator gen, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof String s) {
            gen.writeString(s);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof Long l) {
            gen.writeNumber(l);
        } else if (value instanceof Double d) {
            gen.writeNumber(d);
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                gen.writeFieldName((String) e.getKey());
                writeValue(gen, e.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof List<?> list) {
            gen.writeStartArray();
            for (Object item : list) {
                writeValue(gen, item);
            }
            gen.writeEndArray();
        } else {
            throw new IllegalStateException("not a JSON value: " + value.getClass());
        }
    }
}
