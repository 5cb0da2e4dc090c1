package io.quire.server.storage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quire.ot.Delta;
import io.quire.ot.AuthorRun;
import io.quire.ot.Authorship;
import io.quire.ot.DeltaJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The values of {@link RocksDocumentStore}: compact JSON (UTF-8), one object per record, except ops, which are
 * written on every commit and are most of what the store holds, flushes and compacts. The document and the
 * version are in the key, so they are not repeated here.
 *
 * <h2>Format</h2>
 * <pre>
 *   op        binary: 0x01, kind (one byte: 0 create, 1 edit, 2 delete), seq, timestamp (each a zigzag varint),
 *             source, author (each a string, see {@link ValueOutput#writeString}), hash (one byte: 0 none, 1 and the
 *             32 bytes of its 64 lower-case hex digits, 2 and a string), then the delta's JSON to the end (none
 *             for a delete). About half the bytes of the JSON layout for a keystroke.
 *   op (JSON) {"source":"c1","seq":4,"kind":"edit","delta":{"ops":[...]},"author":"u1","timestamp":1700000000000,
 *              "hash":"9f86d0..."}
 *             kind is create, edit or delete; a delete has no delta. Written for entries left by compaction,
 *             which also have
 *             "fold":{"from":3,"startedAt":...,"inserted":9,"deleted":1,"formatted":0,"previous":"ab12...",
 *                     "hash":"77e0..."}   (previous is absent when the fold starts at version 0)
 *             and read for every op, as stores written before the binary layout hold them.
 *   snapshot  {"version":12,"exists":true,"content":{"ops":[...]},"createdAt":...,"updatedAt":...,
 *              "provenance":{"authorship":[["u1",40],["u2",3]],
 *                            "tallies":{"u1":[ops,inserted,deleted,formatted,sessions,firstEdit,lastEdit]},
 *                            "lastAuthor":"u2","lastTimestamp":...,"hash":"9f86d0..."}}
 *             a snapshot without provenance (none is written so) reads as all characters by an unknown author
 *   head      {"version":12,"exists":true,"createdAt":...,"updatedAt":...}
 *   label     {"version":12,"createdAt":...,"createdBy":"u1"}             the name is in the key
 * </pre>
 * An op's delta is the text its revision hash was made from ({@code DeltaJson.writeOnce}); text holding half of a
 * surrogate pair, which ops counted in UTF-16 units can produce, is written by Jackson's UTF-8 writer instead,
 * which escapes every surrogate (backslash, u, four hex digits), so it survives the round trip; a test checks it.
 */
final class ValueCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The first byte of an op in the binary layout; a JSON value starts with '{'. */
    private static final byte BINARY_OP = 1;

    private ValueCodec() {
    }

    /** An op in the binary layout; an entry left by compaction (rare) in the JSON layout. */
    static byte[] op(StoredOp op) {
        if (op.fold() != null) {
            return object(gen -> {
                writeOpFields(gen, op);
                writeFold(gen, op.fold());
            });
        }
        return write(gen -> {
            ValueOutput out = (ValueOutput) gen.getOutputTarget();
            out.write(BINARY_OP);
            out.write(kindCode(op.kind()));
            out.writeSigned(op.seq());
            out.writeSigned(op.timestamp());
            out.writeString(op.source());
            out.writeString(op.author());
            out.writeHash(op.hash());
            if (op.delta() != null) {
                DeltaJson.writeOnce(gen, op.delta());
            }
        });
    }

    private static void writeOpFields(JsonGenerator gen, StoredOp op) throws IOException {
        gen.writeStringField("source", op.source());
        gen.writeNumberField("seq", op.seq());
        gen.writeStringField("kind", op.kind().name().toLowerCase(Locale.ROOT));
        if (op.delta() != null) {
            gen.writeFieldName("delta");
            DeltaJson.writeOnce(gen, op.delta());
        }
        gen.writeStringField("author", op.author());
        gen.writeNumberField("timestamp", op.timestamp());
        if (op.hash() != null) {
            gen.writeStringField("hash", op.hash());
        }
    }

    private static int kindCode(StoredOp.Kind kind) {
        return switch (kind) {
            case CREATE -> 0;
            case EDIT -> 1;
            case DELETE -> 2;
        };
    }

    private static StoredOp.Kind kind(int code) {
        return switch (code) {
            case 0 -> StoredOp.Kind.CREATE;
            case 1 -> StoredOp.Kind.EDIT;
            case 2 -> StoredOp.Kind.DELETE;
            default -> throw new IllegalArgumentException("unknown kind " + code);
        };
    }

    private static void writeFold(JsonGenerator gen, StoredOp.Fold fold) throws IOException {
        gen.writeObjectFieldStart("fold");
        gen.writeNumberField("from", fold.firstVersion());
        gen.writeNumberField("startedAt", fold.firstTimestamp());
        gen.writeNumberField("inserted", fold.inserted());
        gen.writeNumberField("deleted", fold.deleted());
        gen.writeNumberField("formatted", fold.formatted());
        if (fold.previousHash() != null) {
            gen.writeStringField("previous", fold.previousHash());
        }
        gen.writeStringField("hash", fold.foldHash());
        gen.writeEndObject();
    }

    private static StoredOp.Fold fold(JsonNode node) {
        return new StoredOp.Fold(number(node, "from"), number(node, "startedAt"), number(node, "inserted"),
                number(node, "deleted"), number(node, "formatted"),
                node.hasNonNull("previous") ? node.get("previous").asText() : null, text(node, "hash"));
    }

    static StoredOp op(DocKey key, long version, byte[] value) {
        if (value.length > 0 && value[0] == BINARY_OP) {
            return binaryOp(key, version, value);
        }
        JsonNode node = read(value, key, "op", version);
        JsonNode delta = node.get("delta");
        return new StoredOp(key, version, text(node, "source"), number(node, "seq"),
                StoredOp.Kind.valueOf(text(node, "kind").toUpperCase(Locale.ROOT)),
                delta == null ? null : DeltaJson.read(delta), text(node, "author"), number(node, "timestamp"),
                node.hasNonNull("hash") ? node.get("hash").asText() : null,
                node.hasNonNull("fold") ? fold(node.get("fold")) : null);
    }

    private static StoredOp binaryOp(DocKey key, long version, byte[] value) {
        try {
            ValueInput in = new ValueInput(value, 1);
            StoredOp.Kind kind = kind(in.readByte());
            long seq = in.readSigned();
            long timestamp = in.readSigned();
            String source = in.readString();
            String author = in.readString();
            String hash = in.readHash();
            Delta delta = null;
            if (kind != StoredOp.Kind.DELETE) {
                JsonNode json = MAPPER.readTree(value, in.position(), in.remaining());
                if (json == null) {
                    throw new IllegalArgumentException("no delta");
                }
                delta = DeltaJson.read(json);
            } else if (in.remaining() != 0) {
                throw new IllegalArgumentException(in.remaining() + " bytes after a delete");
            }
            return new StoredOp(key, version, source, seq, kind, delta, author, timestamp, hash, null);
        } catch (IOException | RuntimeException e) {
            throw corrupt(key, "op", version, e.getMessage());
        }
    }

    static byte[] snapshot(Snapshot snapshot) {
        return object(gen -> {
            gen.writeNumberField("version", snapshot.version());
            gen.writeBooleanField("exists", snapshot.exists());
            gen.writeFieldName("content");
            DeltaJson.write(gen, snapshot.content());
            gen.writeNumberField("createdAt", snapshot.createdAt());
            gen.writeNumberField("updatedAt", snapshot.updatedAt());
            gen.writeFieldName("provenance");
            writeProvenance(gen, snapshot.provenance());
        });
    }

    private static void writeProvenance(JsonGenerator gen, Provenance provenance) throws IOException {
        gen.writeStartObject();
        gen.writeArrayFieldStart("authorship");
        for (AuthorRun run : provenance.authorship().runs()) {
            gen.writeStartArray();
            gen.writeString(run.author());
            gen.writeNumber(run.length());
            gen.writeEndArray();
        }
        gen.writeEndArray();
        gen.writeObjectFieldStart("tallies");
        for (Map.Entry<String, AuthorTally> entry : provenance.tallies().entrySet()) {
            AuthorTally t = entry.getValue();
            gen.writeArrayFieldStart(entry.getKey());
            for (long n : new long[] {t.ops(), t.inserted(), t.deleted(), t.formatted(), t.sessions(), t.firstEdit(), t.lastEdit()}) {
                gen.writeNumber(n);
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
        if (provenance.lastAuthor() != null) {
            gen.writeStringField("lastAuthor", provenance.lastAuthor());
        }
        gen.writeNumberField("lastTimestamp", provenance.lastTimestamp());
        if (provenance.chainHash() != null) {
            gen.writeStringField("hash", provenance.chainHash());
        }
        gen.writeEndObject();
    }

    static Snapshot snapshot(DocKey key, byte[] value) {
        JsonNode node = read(value, key, "snapshot", -1);
        Delta content = DeltaJson.read(required(node, "content"));
        JsonNode provenance = node.get("provenance");
        return new Snapshot(key, number(node, "version"), bool(node, "exists"), content,
                number(node, "createdAt"), number(node, "updatedAt"),
                provenance == null ? Provenance.unknown(content.length()) : provenance(provenance));
    }

    private static Provenance provenance(JsonNode node) {
        List<AuthorRun> runs = new ArrayList<>();
        for (JsonNode run : required(node, "authorship")) {
            runs.add(new AuthorRun(run.get(0).asText(), run.get(1).asInt()));
        }
        Map<String, AuthorTally> tallies = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : required(node, "tallies").properties()) {
            JsonNode t = entry.getValue();
            tallies.put(entry.getKey(), new AuthorTally(t.get(0).asLong(), t.get(1).asLong(), t.get(2).asLong(),
                    t.get(3).asLong(), t.get(4).asLong(), t.get(5).asLong(), t.get(6).asLong()));
        }
        return new Provenance(Authorship.of(runs), tallies,
                node.hasNonNull("lastAuthor") ? node.get("lastAuthor").asText() : null,
                number(node, "lastTimestamp"), node.hasNonNull("hash") ? node.get("hash").asText() : null);
    }

    static byte[] head(DocumentStore.Head head) {
        return object(gen -> {
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

    static byte[] label(Label label) {
        return object(gen -> {
            gen.writeNumberField("version", label.version());
            gen.writeNumberField("createdAt", label.createdAt());
            gen.writeStringField("createdBy", label.createdBy());
        });
    }

    static Label label(DocKey key, String name, byte[] value) {
        JsonNode node = read(value, key, "label", -1);
        return new Label(name, number(node, "version"), number(node, "createdAt"), text(node, "createdBy"));
    }

    /** Writes one value: a JSON object, or binary fields straight to the generator's {@link ValueOutput}. */
    private interface Body {
        void write(JsonGenerator gen) throws IOException;
    }

    private static final ThreadLocal<ValueOutput> OUTPUTS = ThreadLocal.withInitial(() -> new ValueOutput(MAPPER.getFactory()));

    private static byte[] write(Body body) {
        ValueOutput out = OUTPUTS.get();
        if (out.inUse) {
            out = new ValueOutput(MAPPER.getFactory());
        }
        out.inUse = true;
        try {
            JsonGenerator gen = out.generator();
            body.write(gen);
            gen.flush();
            return out.toByteArray();
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

    /** A JSON object of {@code fields}. */
    private static byte[] object(Body fields) {
        return write(gen -> {
            gen.writeStartObject();
            fields.write(gen);
            gen.writeEndObject();
        });
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
