package io.quire.server.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import io.quire.server.protocol.ClientMessage.BulkFetch;
import io.quire.server.protocol.ClientMessage.BulkSubscribe;
import io.quire.server.protocol.ClientMessage.BulkUnsubscribe;
import io.quire.server.protocol.ClientMessage.Fetch;
import io.quire.server.protocol.ClientMessage.Handshake;
import io.quire.server.protocol.ClientMessage.Ping;
import io.quire.server.protocol.ClientMessage.PresenceRequest;
import io.quire.server.protocol.ClientMessage.PresenceSubscribe;
import io.quire.server.protocol.ClientMessage.PresenceUnsubscribe;
import io.quire.server.protocol.ClientMessage.PresenceUpdate;
import io.quire.server.protocol.ClientMessage.SnapshotFetch;
import io.quire.server.protocol.ClientMessage.SnapshotFetchAtTime;
import io.quire.server.protocol.ClientMessage.Submit;
import io.quire.server.protocol.ClientMessage.Subscribe;
import io.quire.server.protocol.ClientMessage.Unsubscribe;

import java.io.IOException;

/**
 * Writes a decoded request back in its wire form, for error replies: ShareDB answers an error by echoing the
 * request with {@code error} added, and the client finds the document, snapshot request or presence the error
 * belongs to by the echoed {@code a}, {@code c}, {@code d}, {@code b}, {@code id}, {@code ch}, {@code seq} and
 * {@code pv}. Rebuilt from the record, so the server need not keep each request's JSON tree alive while it
 * works on it; fields Quire ignores ({@code x}) are not echoed, and the client does not read them.
 */
final class RequestEcho {
    private RequestEcho() {
    }

    /** Writes the request's fields into an object the caller has opened. */
    static void writeFields(JsonGenerator gen, ClientMessage request) throws IOException {
        gen.writeStringField("a", request.action());
        if (request instanceof Handshake m) {
            if (m.clientId() != null) {
                gen.writeStringField("id", m.clientId());
            }
            gen.writeNumberField("protocol", m.protocol());
            gen.writeNumberField("protocolMinor", m.protocolMinor());
        } else if (request instanceof Fetch m) {
            writeDoc(gen, m.collection(), m.docId());
            writeNullable(gen, "v", m.version());
        } else if (request instanceof Subscribe m) {
            writeDoc(gen, m.collection(), m.docId());
            writeNullable(gen, "v", m.version());
        } else if (request instanceof Unsubscribe m) {
            writeDoc(gen, m.collection(), m.docId());
        } else if (request instanceof BulkFetch m) {
            gen.writeStringField("c", m.collection());
            MessageEncoder.writeBulkDocs(gen, m.docs());
        } else if (request instanceof BulkSubscribe m) {
            gen.writeStringField("c", m.collection());
            MessageEncoder.writeBulkDocs(gen, m.docs());
        } else if (request instanceof BulkUnsubscribe m) {
            gen.writeStringField("c", m.collection());
            MessageEncoder.writeBulkDocs(gen, m.docs());
        } else if (request instanceof Submit m) {
            writeDoc(gen, m.collection(), m.docId());
            writeNullable(gen, "v", m.version());
            if (m.source() != null) {
                gen.writeStringField("src", m.source());
            }
            gen.writeNumberField("seq", m.seq());
            MessageEncoder.writeDocOp(gen, m.op());
        } else if (request instanceof SnapshotFetch m) {
            gen.writeNumberField("id", m.requestId());
            writeDoc(gen, m.collection(), m.docId());
            writeNullable(gen, "v", m.version());
        } else if (request instanceof SnapshotFetchAtTime m) {
            gen.writeNumberField("id", m.requestId());
            writeDoc(gen, m.collection(), m.docId());
            writeNullable(gen, "ts", m.timestamp());
        } else if (request instanceof PresenceSubscribe m) {
            gen.writeStringField("ch", m.channel());
            gen.writeNumberField("seq", m.seq());
        } else if (request instanceof PresenceUnsubscribe m) {
            gen.writeStringField("ch", m.channel());
            gen.writeNumberField("seq", m.seq());
        } else if (request instanceof PresenceUpdate m) {
            gen.writeStringField("ch", m.channel());
            gen.writeStringField("id", m.presenceId());
            MessageEncoder.writePresenceBody(gen, m.value(), m.presenceVersion(), m.collection(), m.docId(),
                    m.version(), m.type());
        } else if (request instanceof PresenceRequest m) {
            gen.writeStringField("ch", m.channel());
        } else if (!(request instanceof Ping)) {
            throw new IllegalArgumentException("no echo for " + request.getClass().getSimpleName());
        }
    }

    private static void writeDoc(JsonGenerator gen, String collection, String docId) throws IOException {
        gen.writeStringField("c", collection);
        gen.writeStringField("d", docId);
    }

    private static void writeNullable(JsonGenerator gen, String field, Long value) throws IOException {
        gen.writeFieldName(field);
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeNumber(value);
        }
    }
}
