package io.quire.benchmarks.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.ot.Delta;
import io.quire.ot.DeltaJson;
import io.quire.ot.DocumentRope;
import io.quire.ot.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges one document after a crash from what the server sends back: its op log from version 0 (the op frames of
 * {@code {"a":"f","v":0}}) and its snapshot (the {@code data} of {@code {"a":"f"}}), against the acks its writers
 * were given.
 *
 * <p>An ack is kept only if the log's op at the acked version carries the ack's {@code src} and {@code seq} and
 * inserts exactly the writer's marker: the server may have moved the insert (transformed against concurrent ops),
 * but an insert's text survives transformation, so a different text means a different op. The log must start with
 * the create, have no gap, and replayed op by op (validated, as the server applies it) give the snapshot at the
 * snapshot's version.
 */
final class DocCheck {

    /**
     * @param lost         acks whose op is not in the log as acknowledged (one line each)
     * @param logMismatch  why the log does not replay to the snapshot, or null
     */
    record Result(String docId, long logVersion, long ackedOps, List<String> lost, String logMismatch) {
        boolean ok() {
            return lost.isEmpty() && logMismatch == null;
        }
    }

    private DocCheck() {
    }

    static Result check(String docId, List<JsonNode> ops, JsonNode snapshot, TreeMap<Long, List<AckLog.Ack>> acks) {
        List<String> lost = new ArrayList<>();
        long acked = 0;
        for (Map.Entry<Long, List<AckLog.Ack>> e : acks.entrySet()) {
            long version = e.getKey();
            List<AckLog.Ack> atVersion = e.getValue();
            acked += atVersion.size();
            JsonNode op = version < ops.size() ? ops.get((int) version) : null;
            int matches = 0;
            for (AckLog.Ack ack : atVersion) {
                String why = op == null ? "version " + version + " is past the log's end (" + ops.size() + " ops)"
                        : mismatch(op, ack);
                if (why == null && matches++ == 0) {
                    continue;
                }
                lost.add(docId + " v" + version + " writer " + ack.writer() + " src " + ack.source() + " seq "
                        + ack.seq() + ": " + (why != null ? why : "a second ack for one version"));
            }
        }
        return new Result(docId, ops.size(), acked, lost, replay(ops, snapshot));
    }

    /** Why {@code op} is not the acknowledged op, or null if it is. */
    private static String mismatch(JsonNode op, AckLog.Ack ack) {
        String src = op.path("src").asText(null);
        long seq = op.path("seq").asLong(-1);
        if (!ack.source().equals(src) || ack.seq() != seq) {
            return "the log holds src " + src + " seq " + seq + " there";
        }
        if (ack.create()) {
            return op.has("create") ? null : "the acked create is stored as " + kind(op);
        }
        if (!op.has("op")) {
            return "the acked edit is stored as " + kind(op);
        }
        List<String> inserts = new ArrayList<>();
        for (Op o : DeltaJson.read(op.get("op")).ops()) {
            if (o instanceof Op.Insert insert) {
                inserts.add(insert.content() instanceof String s ? s : "<embed>");
            }
        }
        return inserts.equals(List.of(ack.text())) ? null
                : "the stored op inserts " + inserts + ", the writer sent " + ack.text();
    }

    private static String kind(JsonNode op) {
        return op.has("create") ? "a create" : op.has("del") ? "a delete" : op.has("op") ? "an edit" : "nothing";
    }

    /** Null if the log replays to the snapshot, else why not. */
    static String replay(List<JsonNode> ops, JsonNode snapshot) {
        long snapshotVersion = snapshot.path("v").asLong(-1);
        if (snapshotVersion != ops.size()) {
            return "snapshot at version " + snapshotVersion + " but the log has " + ops.size() + " ops";
        }
        DocumentRope rope = null;
        for (int i = 0; i < ops.size(); i++) {
            JsonNode op = ops.get(i);
            if (op.path("v").asLong(-1) != i) {
                return "log entry " + i + " has version " + op.path("v");
            }
            try {
                if (op.has("create")) {
                    if (rope != null) {
                        return "a second create at version " + i;
                    }
                    rope = new DocumentRope(DeltaJson.read(op.get("create").get("data")));
                } else if (op.has("op")) {
                    if (rope == null) {
                        return "an edit at version " + i + " before any create";
                    }
                    rope.apply(DeltaJson.read(op.get("op")));
                } else {
                    return "version " + i + " is " + kind(op) + " (the writers never delete)";
                }
            } catch (RuntimeException e) {
                return "version " + i + " does not apply: " + e.getMessage();
            }
        }
        boolean exists = snapshot.hasNonNull("type");
        if (rope == null || !exists) {
            return rope == null && !exists ? null : "the log " + (rope == null ? "has no create" : "creates it")
                    + " but the snapshot says it " + (exists ? "exists" : "does not exist");
        }
        Delta stored;
        try {
            stored = DeltaJson.read(snapshot.get("data"));
        } catch (RuntimeException e) {
            return "the snapshot's data is not a delta: " + e.getMessage();
        }
        Delta replayed = rope.toDelta();
        if (!replayed.equals(stored)) {
            return "the snapshot (length " + stored.length() + ") differs from the replayed log (length "
                    + replayed.length() + ")";
        }
        return null;
    }
}
