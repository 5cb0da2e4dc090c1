package io.quire.server.storage;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quire.ot.Delta;
import io.quire.ot.DeltaJson;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The values of {@link RocksDocumentStore}: compact JSON (UTF-8), one object per record. The document and the
 * version are in the key, so they are not repeated here.
 *
 * <h2>Format</h2>
 * <pre>
 *   op        {"source":"c1","seq":4,"kind":"edit","delta":{"ops":[...]},"author":"u1","timestamp":1700000000000}
 *             kind is create, edit or delete; a delete has no delta
 *   snapshot  {"version":12,"exists":true,"content":{"ops":[...]},"createdAt":...,"updatedAt":...}
 *   head      {"version":12,"exists":true,"createdAt":...,"updatedAt":...}
 * </pre>
 * Jackson's UTF-8 writer escapes every surrogate (backslash, u, four hex digits), so text holding half of a
 * pair, which ops counted in UTF-16 units can produce, survives the round trip; a test checks it.
 */
final class ValueCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ValueCodec() {
    }

    static byte[] op(StoredOp op) {
        return write(gen -> {
            gen.writeStringField("source", op.source());
            gen.writeNumberField("seq", op.seq());
            gen.writeStringField("kind", op.kind().name().toLowerCase(Locale.ROOT));
            if (op.delta() != null) {
                gen.writeFieldName("delta");
                DeltaJson.write(gen, op.delta());
            }
            gen.writeStringField("author", op.author());
            gen.writeNumberField("timestamp", op.timestamp());
        });
    }

    static StoredOp op(DocKey key, long version, byte[] value) {
        JsonNode node = read(value, key, "op", version);
        JsonNode delta = node.get("delta");
        return new StoredOp(key, version, text(node, "source"), number(node, "seq"),
                StoredOp.Kind.valueOf(text(node, "kind").toUpperCase(Locale.ROOT)),
                delta == null ? null : DeltaJson.read(delta), text(node, "author"), number(node, "timestamp"));
    }

    static byte[] snapshot(Snapshot snapshot) {
        return write(gen -> {
            gen.writeNumberField("version", snapshot.version());
            gen.writeBooleanField("exists", snapshot.exists());
            gen.writeFieldName("content");
            DeltaJson.write(gen, snapshot.content());
            gen.writeNumberField("createdAt", snapshot.createdAt());
            gen.writeNumberField("updatedAt", snapshot.updatedAt());
        });
    }

    static Snapshot snapshot(DocKey key, byte[] value) {
        JsonNode node = read(value, key, "snapshot", -1);
        return new Snapshot(key, number(node, "version"), bool(node, "exists"), DeltaJson.read(required(node, "content")),
                number(node, "createdAt"), number(node, "updatedAt"));
    }

    static byte[] head(DocumentStore.Head head) {
        return write(gen -> {
            gen.writeNumberField("version", head.version());
            gen.writeBooleanField("exists", head.exists());
            gen.writeNumberField("createdAt", head.createdAt());
            gen.writeNumberField("updatedAt", head.updatedAt());
        });
    }

    static DocumentStore.Head head(DocKey key, byte[] value) {
        JsonNode node = read(value, key, "head", -1);
        return new DocumentStore.Head(number(node, "version"), bool(node, "exists"), number(node, "createdAt"),
                number(node, "updatedAt"));
    }

    private interface Fields {
        void write(JsonGenerator gen) throws IOException;
    }

    private static byte[] write(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator gen = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            gen.writeStartObject();
            fields.write(gen);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static JsonNode read(byte[] value, DocKey key, String what, long version) {
        try {
            JsonNode node = MAPPER.readTree(value);
            if (node == null || !node.isObject()) {
                throw corrupt(key, what, version, "not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw corrupt(key, what, version, e.getMessage());
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("stored record has no \"" + field + "\": " + node);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }

    private static long number(JsonNode node, String field) {
        return required(node, field).asLong();
    }

    private static boolean bool(JsonNode node, String field) {
        return required(node, field).asBoolean();
    }

    private static IllegalStateException corrupt(DocKey key, String what, long version, String why) {
        return new IllegalStateException("stored " + what + " of " + key + (version >= 0 ? " at version " + version : "")
                + " is unreadable: " + why);
    }
}
