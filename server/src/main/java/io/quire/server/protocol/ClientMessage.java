package io.quire.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * A message from a sharedb client, as {@link MessageDecoder} reads it from one WebSocket text frame.
 *
 * <p>Each record's javadoc shows the frame exactly as the sharedb 7 client sends it ({@code lib/client/*.js});
 * the action is field {@code a}. Field names follow the wire: {@code c} is the collection (a book), {@code d} the
 * document id (a chapter), {@code v} a version, i.e. the number of ops the client has seen.
 * Fields the client sends that Quire has no use for ({@code x} on ops) are ignored.
 */
public sealed interface ClientMessage {

    /** The wire action, field {@code a}. */
    String action();

    /** Messages about one document, named by collection and id. */
    interface AboutDoc {
        String collection();

        String docId();
    }

    /**
     * {@code {"a":"hs","id":null,"protocol":1,"protocolMinor":2}}, sent on connect after the server's
     * {@code init}. {@code id} is the previous connection's id when reconnecting: the server adopts it as the
     * connection's {@code src}, so resent ops keep matching their first submission.
     *
     * @param clientId the id to adopt, or null to keep the one the server assigned
     */
    record Handshake(String clientId, int protocol, int protocolMinor) implements ClientMessage {
        @Override
        public String action() {
            return "hs";
        }
    }

    /**
     * {@code {"a":"f","c":"books","d":"ch1","v":null}}. Without a version (null or absent) the reply carries the
     * snapshot; with one, the server sends the ops since it and then a reply without data.
     */
    record Fetch(String collection, String docId, Long version) implements ClientMessage, AboutDoc {
        public Fetch {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(docId, "docId");
        }

        @Override
        public String action() {
            return "f";
        }
    }

    /** {@code {"a":"s","c":"books","d":"ch1","v":null}}: as {@link Fetch}, then every later op. */
    record Subscribe(String collection, String docId, Long version) implements ClientMessage, AboutDoc {
        public Subscribe {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(docId, "docId");
        }

        @Override
        public String action() {
            return "s";
        }
    }

    /** {@code {"a":"u","c":"books","d":"ch1"}}. */
    record Unsubscribe(String collection, String docId) implements ClientMessage, AboutDoc {
        public Unsubscribe {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(docId, "docId");
        }

        @Override
        public String action() {
            return "u";
        }
    }

    /** {@code {"a":"bf","c":"books","b":["ch1","ch2"]}} or {@code "b":{"ch1":3,"ch2":0}}: see {@link BulkDocs}. */
    record BulkFetch(String collection, BulkDocs docs) implements ClientMessage {
        public BulkFetch {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(docs, "docs");
        }

        @Override
        public String action() {
            return "bf";
        }
    }

    /** {@code {"a":"bs","c":"books","b":["ch1","ch2"]}}; sent after a reconnect to resubscribe everything. */
    record BulkSubscribe(String collection, BulkDocs docs) implements ClientMessage {
        public BulkSubscribe {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(docs, "docs");
        }

        @Override
        public String action() {
            return "bs";
        }
    }

    /** {@code {"a":"bu","c":"books","b":["ch1","ch2"]}}. */
    record BulkUnsubscribe(String collection, BulkDocs docs) implements ClientMessage {
        public BulkUnsubscribe {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(docs, "docs");
        }

        @Override
        public String action() {
            return "bu";
        }
    }

    /**
     * An op submitted by the client:
     * <pre>
     *   {"a":"op","c":"books","d":"ch1","v":3,"seq":7,"x":{},"op":{"ops":[{"retain":5},{"insert":"!"}]}}
     *   {"a":"op","c":"books","d":"ch1","v":0,"seq":1,"x":{},"create":{"type":"rich-text","data":{"ops":[{"insert":"\n"}]}}}
     *   {"a":"op","c":"books","d":"ch1","v":9,"src":"9f2c...","seq":8,"x":{},"del":true}
     * </pre>
     * {@code seq} counts the connection's ops from 1 and is fixed when an op is first sent; {@code src} is left
     * out then and set when the op is resent after a reconnect, so (src, seq) identifies the op for
     * de-duplication.
     *
     * @param version the op's base version; null when the client created the document without fetching it
     * @param source  the original connection's id on a resend, else null (the connection's own id applies)
     */
    record Submit(String collection, String docId, Long version, long seq, String source, DocOp op)
            implements ClientMessage, AboutDoc {
        public Submit {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(op, "op");
        }

        @Override
        public String action() {
            return "op";
        }
    }

    /**
     * {@code {"a":"nf","id":1,"c":"books","d":"ch1","v":5}}: a read-only snapshot at version {@code v}
     * (null: the latest). The reply is matched by the request number {@code id}, not by c/d.
     */
    record SnapshotFetch(long requestId, String collection, String docId, Long version)
            implements ClientMessage, AboutDoc {
        public SnapshotFetch {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(docId, "docId");
        }

        @Override
        public String action() {
            return "nf";
        }
    }

    /**
     * {@code {"a":"nt","id":2,"c":"books","d":"ch1","ts":1700000000000}}: a read-only snapshot as it was at
     * time {@code ts} (epoch ms; null: the latest).
     */
    record SnapshotFetchAtTime(long requestId, String collection, String docId, Long timestamp)
            implements ClientMessage, AboutDoc {
        public SnapshotFetchAtTime {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(docId, "docId");
        }

        @Override
        public String action() {
            return "nt";
        }
    }

    /**
     * {@code {"a":"ps","ch":"books.ch1","seq":1}}. {@code seq} counts the connection's presence
     * (un)subscriptions from 1; the reply echoes it, and a late reply with a lower seq is stale.
     */
    record PresenceSubscribe(String channel, long seq) implements ClientMessage {
        public PresenceSubscribe {
            Objects.requireNonNull(channel, "channel");
        }

        @Override
        public String action() {
            return "ps";
        }
    }

    /** {@code {"a":"pu","ch":"books.ch1","seq":2}}. */
    record PresenceUnsubscribe(String channel, long seq) implements ClientMessage {
        public PresenceUnsubscribe {
            Objects.requireNonNull(channel, "channel");
        }

        @Override
        public String action() {
            return "pu";
        }
    }

    /**
     * A presence update (a collaborator's selection):
     * <pre>
     *   {"a":"p","ch":"books.ch1","id":"c3f0...","p":{"index":4,"length":0},"pv":3,"c":"books","d":"ch1","v":12,
     *    "t":"http://sharejs.org/types/rich-text/v1"}
     * </pre>
     * Document presence (from {@code connection.getDocPresence(c, d)}) carries c, d, the document version the
     * range refers to and the type; its channel is {@code c + "." + d} and {@code p} is a {@link TextRange} or
     * null. Plain channel presence ({@code connection.getPresence(ch)}) has no c, d, v, t and any JSON value.
     *
     * @param presenceId      the sender's presence id ({@code id}), not a document id
     * @param value           {@code p}: the range, or null when the collaborator left or has no selection
     * @param presenceVersion {@code pv}: counts this presence id's updates from 0; receivers drop older ones
     * @param version         the document version {@code value} refers to; null if the client has none
     * @param type            the document's type URI
     */
    record PresenceUpdate(String channel, String presenceId, JsonNode value, long presenceVersion,
                          String collection, String docId, Long version, String type) implements ClientMessage {
        public PresenceUpdate {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(presenceId, "presenceId");
            if (value != null && value.isNull()) {
                value = null;
            }
        }

        /** True for presence in a document, which the server transforms with the document's ops. */
        public boolean isDocPresence() {
            return collection != null;
        }

        /** The selection of document presence; null when there is none. */
        public TextRange range() {
            return TextRange.read(value);
        }

        @Override
        public String action() {
            return "p";
        }
    }

    /** {@code {"a":"pr","ch":"books.ch1"}}: asks everyone on the channel to send their presence again. */
    record PresenceRequest(String channel) implements ClientMessage {
        public PresenceRequest {
            Objects.requireNonNull(channel, "channel");
        }

        @Override
        public String action() {
            return "pr";
        }
    }

    /** {@code {"a":"pp"}}, answered with the same. */
    record Ping() implements ClientMessage {
        @Override
        public String action() {
            return "pp";
        }
    }
}
