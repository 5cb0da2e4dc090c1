package io.quire.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.quire.ot.Delta;
import io.quire.ot.DeltaJson;
import io.quire.server.history.AuthorChange;
import io.quire.server.history.AuthorSummary;
import io.quire.server.history.BlameRun;
import io.quire.server.history.ChainCheck;
import io.quire.server.history.Revision;
import io.quire.server.history.RevertOutcome;
import io.quire.server.history.RevisionPage;
import io.quire.server.history.VersionDiff;
import io.quire.server.storage.Label;
import io.quire.server.storage.Snapshot;
import io.quire.server.storage.StoredOp;

import java.util.List;
import java.util.Locale;

/** The JSON bodies of the history API; each method's output is documented in the README's API section. */
final class HistoryJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private HistoryJson() {
    }

    static ObjectNode page(String field, RevisionPage page) {
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode entries = out.putArray(field);
        page.revisions().forEach(r -> entries.add(revision(r)));
        putNullable(out, "next", page.next());
        return out;
    }

    static ObjectNode revision(Revision r) {
        return MAPPER.createObjectNode()
                .put("fromVersion", r.fromVersion())
                .put("toVersion", r.toVersion())
                .put("author", r.author())
                .put("startedAt", r.startedAt())
                .put("endedAt", r.endedAt())
                .put("ops", r.ops())
                .put("inserted", r.changes().inserted())
                .put("deleted", r.changes().deleted())
                .put("formatted", r.changes().formatted())
                .put("partial", r.partial());
    }

    static ObjectNode version(Snapshot s) {
        ObjectNode out = MAPPER.createObjectNode()
                .put("version", s.version())
                .put("exists", s.exists());
        out.set("contents", delta(s.content()));
        return out.put("createdAt", s.createdAt()).put("updatedAt", s.updatedAt());
    }

    static ObjectNode diff(VersionDiff d) {
        ObjectNode out = MAPPER.createObjectNode().put("from", d.from()).put("to", d.to());
        out.set("change", delta(d.change()));
        ArrayNode authors = out.putArray("authors");
        for (AuthorChange a : d.authors()) {
            authors.addObject()
                    .put("author", a.author())
                    .put("ops", a.ops())
                    .put("inserted", a.changes().inserted())
                    .put("deleted", a.changes().deleted())
                    .put("formatted", a.changes().formatted())
                    .put("present", a.present());
        }
        return out;
    }

    static ObjectNode blame(long version, List<BlameRun> runs) {
        ObjectNode out = MAPPER.createObjectNode().put("version", version);
        ArrayNode array = out.putArray("runs");
        for (BlameRun run : runs) {
            ObjectNode item = array.addObject().put("author", run.author()).put("length", run.length());
            item.set("contents", delta(run.content()));
        }
        return out;
    }

    static ObjectNode authors(List<AuthorSummary> summaries) {
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode array = out.putArray("authors");
        for (AuthorSummary s : summaries) {
            array.addObject()
                    .put("author", s.author())
                    .put("present", s.present())
                    .put("ops", s.tally().ops())
                    .put("inserted", s.tally().inserted())
                    .put("deleted", s.tally().deleted())
                    .put("formatted", s.tally().formatted())
                    .put("sessions", s.tally().sessions())
                    .put("firstEdit", s.tally().firstEdit())
                    .put("lastEdit", s.tally().lastEdit());
        }
        return out;
    }

    static ObjectNode ops(List<StoredOp> ops, Long next) {
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode array = out.putArray("ops");
        for (StoredOp op : ops) {
            ObjectNode item = array.addObject()
                    .put("version", op.version())
                    .put("kind", op.kind().name().toLowerCase(Locale.ROOT));
            if (op.delta() != null) {
                item.set("delta", delta(op.delta()));
            }
            item.put("timestamp", op.timestamp());
            if (op.folded()) {
                item.put("fromVersion", op.firstVersion()).put("ops", op.opCount()).put("startedAt", op.startedAt());
            }
        }
        putNullable(out, "next", next);
        return out;
    }

    static ObjectNode label(Label label) {
        return MAPPER.createObjectNode()
                .put("name", label.name())
                .put("version", label.version())
                .put("createdAt", label.createdAt())
                .put("createdBy", label.createdBy());
    }

    static ObjectNode labels(List<Label> labels) {
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode array = out.putArray("labels");
        labels.forEach(l -> array.add(label(l)));
        return out;
    }

    static ObjectNode changed(RevertOutcome outcome) {
        return MAPPER.createObjectNode().put("version", outcome.version()).put("changed", outcome.changed());
    }

    static ObjectNode chain(ChainCheck check) {
        ObjectNode out = MAPPER.createObjectNode().put("intact", check.intact()).put("checked", check.checked());
        putNullable(out, "brokenAt", check.brokenAt());
        if (check.reason() == null) {
            out.putNull("reason");
        } else {
            out.put("reason", check.reason());
        }
        return out;
    }

    static ObjectNode error(ApiError error) {
        ObjectNode out = MAPPER.createObjectNode();
        out.putObject("error").put("status", error.status()).put("code", error.code()).put("message", error.getMessage());
        return out;
    }

    /** The delta as a tree, through Jackson's token buffer: no JSON text is written and parsed again. */
    static JsonNode delta(Delta delta) {
        try (TokenBuffer tokens = new TokenBuffer(MAPPER, false)) {
            DeltaJson.write(tokens, delta);
            return MAPPER.readTree(tokens.asParser());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a delta did not survive its own JSON", e);
        }
    }

    private static void putNullable(ObjectNode out, String field, Long value) {
        if (value == null) {
            out.putNull(field);
        } else {
            out.put(field, value);
        }
    }
}
