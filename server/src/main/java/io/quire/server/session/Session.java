package io.quire.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.server.auth.Access;
import io.quire.server.auth.Identity;
import io.quire.server.auth.Role;
import io.quire.server.document.Committed;
import io.quire.server.document.DocumentRegistry;
import io.quire.server.document.Rejection;
import io.quire.server.document.Selection;
import io.quire.server.document.Submission;
import io.quire.server.document.Subscriber;
import io.quire.server.protocol.BulkDocs;
import io.quire.server.protocol.BulkEntry;
import io.quire.server.protocol.ClientMessage;
import io.quire.server.protocol.DocOp;
import io.quire.server.protocol.DocSnapshot;
import io.quire.server.metrics.QuireMeters;
import io.quire.server.protocol.ErrorCode;
import io.quire.server.protocol.MessageDecoder;
import io.quire.server.protocol.MessageEncoder;
import io.quire.server.protocol.ProtocolException;
import io.quire.server.protocol.TextRange;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.Snapshot;
import io.quire.server.storage.StoredOp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * One client connection speaking the sharedb protocol: decodes each frame, hands document work to the
 * {@link DocumentRegistry}, and answers as ShareDB would. Replies that must stay in order with a document's
 * broadcasts are attached to the request's future before it is sent, so they leave on the document's
 * sequencer in version order.
 */
public final class Session implements Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Refused messages in a row after which a flooding client is disconnected. */
    private static final int FLOOD_CLOSE_AFTER = 2_000;

    private final Outbox outbox;
    private final DocumentRegistry registry;
    private final PresenceChannels presence;
    private QuireMeters meters = QuireMeters.NOOP;
    private final MessageDecoder decoder;
    private final RateLimiter rateLimiter;
    private final Set<DocKey> subscriptions = ConcurrentHashMap.newKeySet();
    /** This connection's latest presence per channel and presence id, to clear it when the connection ends. */
    private final Map<String, Map<String, ClientMessage.PresenceUpdate>> published = new ConcurrentHashMap<>();
    private final Set<String> presenceChannels = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refusedInARow = new AtomicInteger();
    private final Identity identity;
    private final Access access;
    private volatile String clientId;
    private volatile boolean closed;
    /** Set when the server shuts down: frames that arrive after it are dropped, unanswered (see {@link #stopReading}). */
    private volatile boolean stopped;

    /** A session of the local admin with no access checks: for tests of the protocol alone. */
    public Session(Outbox outbox, DocumentRegistry registry, PresenceChannels presence, SessionLimits limits) {
        this(outbox, registry, presence, limits, Identity.localAdmin(), Access.EVERYONE_OWNS);
    }

    /**
     * @param identity who is connected, as the handshake's token proved; stamped on its ops
     * @param access   its role in each book, asked on every request so a change applies at once
     */
    public Session(Outbox outbox, DocumentRegistry registry, PresenceChannels presence, SessionLimits limits,
                   Identity identity, Access access) {
        this.outbox = outbox;
        this.identity = identity;
        this.access = access;
        this.registry = registry;
        this.presence = presence;
        this.decoder = new MessageDecoder(limits.maxMessageChars());
        this.rateLimiter = new RateLimiter(limits.messagesPerSecond(), limits.messageBurst());
        this.clientId = newClientId();
    }

    /** Greets the client as ShareDB does, with the legacy init message carrying its id. */
    public void start() {
        outbox.send(MessageEncoder.init(clientId));
    }

    @Override
    public String source() {
        return clientId;
    }

    /** The author stamped on this connection's ops: the user its token named, never what the client says. */
    private String author() {
        return identity.userId();
    }

    public Identity identity() {
        return identity;
    }

    @Override
    public void onOp(StoredOp op, String frame) {
        if (!expired()) {
            outbox.send(frame);
        }
    }

    /** Another connection's presence on a channel this one listens to. */
    void onPresence(String frame) {
        if (!expired()) {
            outbox.send(frame);
        }
    }

    /**
     * Whether the token ran out; if so the socket is closed with 4401. Checked on what goes out as well as on what
     * comes in, so a connection that only listens stops receiving the book when its token expires.
     */
    private boolean expired() {
        // Checked on every frame in and out: no clock read (a few per op) for an identity that never expires.
        if (!identity.expires() || !identity.expired(System.currentTimeMillis())) {
            return false;
        }
        outbox.close((short) 4401, "ERR_UNAUTHENTICATED: the token expired; connect again with a new one");
        return true;
    }

    /** Where this session counts errors and presence messages; call before {@link #start}. */
    public Session meters(QuireMeters meters) {
        this.meters = meters;
        return this;
    }

    /**
     * Takes no more requests; answers to those already taken still go out. A dropped op was never handed to a
     * sequencer, so it is not stored, and the sharedb client resends it after reconnecting.
     */
    public void stopReading() {
        stopped = true;
    }

    /** Ends the connection once the frames already sent are out (the server shuts down: 1001, going away). */
    public void close(short code, String reason) {
        outbox.close(code, reason);
    }

    /** One text frame from the client. */
    public void onFrame(String frame) {
        if (closed || stopped) {
            return;
        }
        if (!rateLimiter.tryAcquire()) {
            if (refusedInARow.incrementAndGet() >= FLOOD_CLOSE_AFTER) {
                outbox.close((short) 1008, "too many messages: more than the rate limit for too long");
                return;
            }
            refuse(frame, ErrorCode.ERR_RATE_LIMITED, "too many messages; slow down and resend");
            return;
        }
        refusedInARow.set(0);
        if (expired()) {
            return;
        }
        ClientMessage message;
        try {
            message = decoder.decode(frame);
        } catch (ProtocolException e) {
            meters.error(e.code());
            MessageEncoder.errorReply(e).ifPresent(outbox::send);
            if (e.closesConnection()) {
                outbox.close((short) 1003, e.code().name() + ": " + e.getMessage());
            }
            return;
        }
        try {
            handle(message);
        } catch (IllegalArgumentException e) {
            // A collection or id the storage layer cannot take (empty, too long, control characters).
            meters.error(ErrorCode.ERR_MESSAGE_BADLY_FORMED);
            outbox.send(MessageEncoder.errorReply(message, ErrorCode.ERR_MESSAGE_BADLY_FORMED, e.getMessage()));
        }
    }

    /** Refuses a frame without decoding it fully: echoes what can be read of it. */
    private void refuse(String frame, ErrorCode code, String reason) {
        meters.error(code);
        try {
            decoder.decode(frame);
        } catch (ProtocolException e) {
            MessageEncoder.errorReply(e).ifPresent(outbox::send);
            return;
        }
        outbox.send(MessageEncoder.errorReply(decoder.decode(frame), code, reason));
    }

    private void handle(ClientMessage message) {
        String refusal = refusal(message);
        if (refusal != null) {
            meters.error(ErrorCode.ERR_ACCESS_DENIED);
            outbox.send(MessageEncoder.errorReply(message, ErrorCode.ERR_ACCESS_DENIED, refusal));
            return;
        }
        if (message instanceof ClientMessage.Handshake hs) {
            if (hs.clientId() != null) {
                clientId = hs.clientId(); // a reconnecting client keeps its id, so its resubmits dedupe
            }
            outbox.send(MessageEncoder.handshake(clientId));
        } else if (message instanceof ClientMessage.Fetch fetch) {
            fetch(message, fetch.collection(), fetch.docId(), fetch.version(), false);
        } else if (message instanceof ClientMessage.Subscribe subscribe) {
            fetch(message, subscribe.collection(), subscribe.docId(), subscribe.version(), true);
        } else if (message instanceof ClientMessage.Unsubscribe unsubscribe) {
            DocKey key = new DocKey(unsubscribe.collection(), unsubscribe.docId());
            subscriptions.remove(key);
            registry.unsubscribe(key, this, new CompletableFuture<>()).whenComplete((v, e) ->
                    outbox.send(MessageEncoder.unsubscribeReply(unsubscribe.collection(), unsubscribe.docId())));
        } else if (message instanceof ClientMessage.BulkFetch bulk) {
            bulk(message, bulk.collection(), bulk.docs(), false);
        } else if (message instanceof ClientMessage.BulkSubscribe bulk) {
            bulk(message, bulk.collection(), bulk.docs(), true);
        } else if (message instanceof ClientMessage.BulkUnsubscribe bulk) {
            CompletableFuture<?>[] all = bulk.docs().ids().stream().map(id -> {
                DocKey key = new DocKey(bulk.collection(), id);
                subscriptions.remove(key);
                return registry.unsubscribe(key, this, new CompletableFuture<>());
            }).toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(all).whenComplete((v, e) ->
                    outbox.send(MessageEncoder.bulkUnsubscribeReply(bulk.collection(), bulk.docs())));
        } else if (message instanceof ClientMessage.Submit submit) {
            submit(submit);
        } else if (message instanceof ClientMessage.SnapshotFetch nf) {
            DocKey key = new DocKey(nf.collection(), nf.docId());
            CompletableFuture<Snapshot> result = new CompletableFuture<>();
            result.whenComplete(reply(message, s -> MessageEncoder.snapshotFetchReply(nf.requestId(), toWire(s))));
            if (nf.version() == null) {
                registry.fetch(key, result);
            } else {
                registry.snapshotAt(key, nf.version(), result);
            }
        } else if (message instanceof ClientMessage.SnapshotFetchAtTime nt) {
            DocKey key = new DocKey(nt.collection(), nt.docId());
            CompletableFuture<Snapshot> result = new CompletableFuture<>();
            result.whenComplete(reply(message, s -> MessageEncoder.snapshotFetchAtTimeReply(nt.requestId(), toWire(s))));
            if (nt.timestamp() == null) {
                registry.fetch(key, result);
            } else {
                registry.snapshotAtTime(key, nt.timestamp(), result);
            }
        } else if (message instanceof ClientMessage.PresenceSubscribe ps) {
            presenceChannels.add(ps.channel());
            presence.subscribe(ps.channel(), this);
            outbox.send(MessageEncoder.presenceSubscribeReply(ps.channel(), ps.seq()));
            // Ask the others to send their presence again, so a newcomer sees everyone's cursor at once.
            presence.relay(ps.channel(), this, MessageEncoder.presenceRequest(ps.channel()));
        } else if (message instanceof ClientMessage.PresenceUnsubscribe pu) {
            presenceChannels.remove(pu.channel());
            presence.unsubscribe(pu.channel(), this);
            outbox.send(MessageEncoder.presenceUnsubscribeReply(pu.channel(), pu.seq()));
        } else if (message instanceof ClientMessage.PresenceUpdate update) {
            presenceUpdate(update);
        } else if (message instanceof ClientMessage.PresenceRequest pr) {
            presence.relay(pr.channel(), this, MessageEncoder.presenceRequest(pr.channel()));
        } else if (message instanceof ClientMessage.Ping) {
            outbox.send(MessageEncoder.pong());
        }
    }

    /** Why {@code message} is refused to this connection's identity, or null if its role allows it. */
    private String refusal(ClientMessage message) {
        if (message instanceof ClientMessage.Fetch m) {
            return need(m.collection(), Role.VIEWER, "read");
        } else if (message instanceof ClientMessage.Subscribe m) {
            return need(m.collection(), Role.VIEWER, "read");
        } else if (message instanceof ClientMessage.BulkFetch m) {
            return need(m.collection(), Role.VIEWER, "read");
        } else if (message instanceof ClientMessage.BulkSubscribe m) {
            return need(m.collection(), Role.VIEWER, "read");
        } else if (message instanceof ClientMessage.SnapshotFetch m) {
            return need(m.collection(), Role.VIEWER, "read");
        } else if (message instanceof ClientMessage.SnapshotFetchAtTime m) {
            return need(m.collection(), Role.VIEWER, "read");
        } else if (message instanceof ClientMessage.Submit m) {
            return m.op() instanceof DocOp.Delete
                    ? need(m.collection(), Role.OWNER, "delete chapters of")
                    : need(m.collection(), Role.EDITOR, "edit");
        } else if (message instanceof ClientMessage.PresenceSubscribe m) {
            return needOnChannel(m.channel(), Role.VIEWER, "see who is in");
        } else if (message instanceof ClientMessage.PresenceRequest m) {
            return needOnChannel(m.channel(), Role.VIEWER, "see who is in");
        } else if (message instanceof ClientMessage.PresenceUpdate m) {
            return needOnChannel(m.channel(), Role.COMMENTER, "show your cursor in");
        }
        return null;
    }

    private String need(String book, Role needed, String action) {
        Role role = access.roleOf(identity, book);
        if (role == null) {
            return identity.displayName() + " is not a member of book \"" + book + "\" (or it does not exist)";
        }
        if (!role.atLeast(needed)) {
            return "a " + role.wireName() + " may not " + action + " book \"" + book + "\" (needs: " + needed.wireName()
                    + " or above)";
        }
        return null;
    }

    /** Presence channels of chapters are {@code book.chapter}; others belong to no book, so only the admin uses them. */
    private String needOnChannel(String channel, Role needed, String action) {
        int dot = channel.indexOf('.');
        if (dot <= 0) {
            return identity.superuser() ? null
                    : "presence channels are per chapter (\"<book>.<chapter>\"), got \"" + channel + "\"";
        }
        return need(channel.substring(0, dot), needed, action);
    }

    /**
     * Re-checks this connection's hold on {@code book} after its members changed. Lost access ends everything of
     * that book at once: subscriptions (each document hears an error, so the client knows why ops stop coming),
     * presence channels, and this connection's cursors there.
     */
    public void recheck(String book) {
        if (closed || access.roleOf(identity, book) != null) {
            return;
        }
        String reason = "your access to book \"" + book + "\" was removed";
        for (DocKey key : subscriptions) {
            if (key.collection().equals(book) && subscriptions.remove(key)) {
                registry.unsubscribe(key, this, new CompletableFuture<>());
                meters.error(ErrorCode.ERR_ACCESS_DENIED);
                outbox.send(MessageEncoder.documentError(key.collection(), key.id(), ErrorCode.ERR_ACCESS_DENIED, reason));
            }
        }
        String prefix = book + ".";
        for (String channel : presenceChannels) {
            if (channel.startsWith(prefix) && presenceChannels.remove(channel)) {
                presence.unsubscribe(channel, this);
            }
        }
        published.keySet().removeIf(channel -> {
            if (!channel.startsWith(prefix)) {
                return false;
            }
            clearPresence(channel, published.get(channel));
            return true;
        });
    }

    /**
     * Checks the role again once a subscription is recorded and requested: a member removed between this request's
     * check and now was re-checked before the subscription existed, so this is what lets go of it (the document
     * runs the unsubscribe after the subscribe, in order).
     */
    private void confirmAccess(DocKey key) {
        if (access.roleOf(identity, key.collection()) == null) {
            recheck(key.collection());
        }
    }

    /** Whether this connection holds anything of {@code book}: subscriptions or presence. */
    public boolean touches(String book) {
        String prefix = book + ".";
        return subscriptions.stream().anyMatch(key -> key.collection().equals(book))
                || presenceChannels.stream().anyMatch(channel -> channel.startsWith(prefix))
                || published.keySet().stream().anyMatch(channel -> channel.startsWith(prefix));
    }

    /** Fetch or subscribe: without a version a snapshot, with one the ops since it, then the reply. */
    private void fetch(ClientMessage request, String collection, String docId, Long version, boolean subscribe) {
        DocKey key = new DocKey(collection, docId);
        if (version == null) {
            CompletableFuture<Snapshot> result = new CompletableFuture<>();
            result.whenComplete(reply(request, snapshot -> subscribe
                    ? MessageEncoder.subscribeReply(collection, docId, toWire(snapshot))
                    : MessageEncoder.fetchReply(collection, docId, toWire(snapshot))));
            if (subscribe) {
                subscriptions.add(key);
                registry.subscribe(key, this, result);
                confirmAccess(key);
            } else {
                registry.fetch(key, result);
            }
            return;
        }
        CompletableFuture<List<StoredOp>> result = new CompletableFuture<>();
        result.whenComplete(reply(request, ops -> {
            ops.forEach(op -> outbox.send(MessageEncoder.op(op)));
            return subscribe ? MessageEncoder.subscribeReply(collection, docId) : MessageEncoder.fetchReply(collection, docId);
        }));
        if (subscribe) {
            subscriptions.add(key);
            registry.subscribeFrom(key, this, version, result);
            confirmAccess(key);
        } else {
            registry.opsSince(key, version, result);
        }
    }

    private void bulk(ClientMessage request, String collection, BulkDocs docs, boolean subscribe) {
        Map<String, CompletableFuture<BulkEntry>> results = new LinkedHashMap<>();
        for (String id : docs.ids()) {
            DocKey key = new DocKey(collection, id);
            Long version = docs instanceof BulkDocs.VersionMap map ? map.versions().get(id) : null;
            CompletableFuture<BulkEntry> entry = new CompletableFuture<>();
            results.put(id, entry);
            if (version == null) {
                CompletableFuture<Snapshot> snapshot = new CompletableFuture<>();
                snapshot.whenComplete((s, e) -> entry.complete(e == null ? toWire(s) : failed(e)));
                if (subscribe) {
                    subscriptions.add(key);
                    registry.subscribe(key, this, snapshot);
                    confirmAccess(key);
                } else {
                    registry.fetch(key, snapshot);
                }
            } else {
                CompletableFuture<List<StoredOp>> ops = new CompletableFuture<>();
                ops.whenComplete((list, e) -> {
                    if (e == null) {
                        list.forEach(op -> outbox.send(MessageEncoder.op(op)));
                    }
                    entry.complete(e == null ? null : failed(e));
                });
                if (subscribe) {
                    subscriptions.add(key);
                    registry.subscribeFrom(key, this, version, ops);
                    confirmAccess(key);
                } else {
                    registry.opsSince(key, version, ops);
                }
            }
        }
        CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            if (docs instanceof BulkDocs.VersionMap && results.values().stream().allMatch(f -> f.join() == null)) {
                outbox.send(subscribe ? MessageEncoder.bulkSubscribeReply(collection, docs)
                        : MessageEncoder.bulkFetchReply(collection, docs));
                return;
            }
            Map<String, BulkEntry> entries = new LinkedHashMap<>();
            results.forEach((id, f) -> entries.put(id, f.join() == null ? new BulkEntry.Failed(ErrorCode.ERR_INTERNAL,
                    "ops were sent; the snapshot was not requested") : f.join()));
            outbox.send(subscribe ? MessageEncoder.bulkSubscribeReply(collection, entries)
                    : MessageEncoder.bulkFetchReply(collection, entries));
        });
    }

    private void submit(ClientMessage.Submit submit) {
        DocKey key = new DocKey(submit.collection(), submit.docId());
        // The connection's own id object when the op says the same: each op is kept in memory for seconds.
        String id = clientId;
        String source = submit.source() == null || submit.source().equals(id) ? id : submit.source();
        Submission submission;
        if (submit.op() instanceof DocOp.Create create) {
            submission = new Submission(submit.version(), source, submit.seq(), StoredOp.Kind.CREATE, create.data(), author(), this);
        } else if (submit.op() instanceof DocOp.Edit edit) {
            submission = new Submission(submit.version(), source, submit.seq(), StoredOp.Kind.EDIT, edit.delta(), author(), this);
        } else {
            submission = new Submission(submit.version(), source, submit.seq(), StoredOp.Kind.DELETE, null, author(), this);
        }
        CompletableFuture<Committed> result = new CompletableFuture<>();
        result.whenComplete(reply(submit, committed -> {
            // The ops its op was transformed against that this client has not been sent, then the ack (as ShareDB).
            committed.missed().forEach(op -> outbox.send(MessageEncoder.op(op)));
            return MessageEncoder.ack(submit.collection(), submit.docId(), source, submit.seq(), committed.version());
        }));
        registry.submit(key, submission, result);
    }

    private void presenceUpdate(ClientMessage.PresenceUpdate update) {
        meters.presenceMessage();
        published.computeIfAbsent(update.channel(), c -> new ConcurrentHashMap<>()).put(update.presenceId(), update);
        TextRange range = update.isDocPresence() && update.version() != null ? update.range() : null;
        if (range == null) {
            String frame = MessageEncoder.presence(update, clientId);
            outbox.send(frame);
            presence.relay(update.channel(), this, frame);
            return;
        }
        DocKey key = new DocKey(update.collection(), update.docId());
        CompletableFuture<Optional<Selection>> result = new CompletableFuture<>();
        result.whenComplete(reply(update, moved -> {
            JsonNode value = moved.map(s -> (JsonNode) new TextRange(s.start(), s.end() - s.start()).writeInto(update.value()))
                    .orElse(null);
            long version = moved.map(Selection::version).orElse(update.version());
            String frame = MessageEncoder.presence(update.channel(), clientId, update.presenceId(), value,
                    update.presenceVersion(), update.collection(), update.docId(), version, update.type());
            presence.relay(update.channel(), this, frame);
            return frame; // the sender gets it back as the ack of its update
        }));
        registry.transformRange(key, update.version(), clientId, range.index(), range.end(), result);
    }

    /** The connection ended: drop its subscriptions and tell the others its cursors are gone. */
    public void onClose() {
        if (closed) {
            return;
        }
        closed = true;
        for (DocKey key : subscriptions) {
            registry.unsubscribe(key, this, new CompletableFuture<>());
        }
        subscriptions.clear();
        presenceChannels.forEach(channel -> presence.unsubscribe(channel, this));
        published.forEach(this::clearPresence);
        published.clear();
    }

    /** Tells the others on {@code channel} that this connection's cursors there are gone. */
    private void clearPresence(String channel, Map<String, ClientMessage.PresenceUpdate> updates) {
        if (updates == null) {
            return;
        }
        updates.values().forEach(update -> {
            if (update.value() == null) {
                return;
            }
            if (!update.isDocPresence() || update.version() == null) {
                presence.relay(channel, this, MessageEncoder.presence(update.channel(), clientId, update.presenceId(),
                        null, update.presenceVersion(), update.collection(), update.docId(), update.version(), update.type()));
                return;
            }
            // At the document's head version, as ShareDB sends it: a client drops a presence older than its document
            // until it has the ops in between, which it never gets for a null one, so the cursor would stay.
            registry.fetch(new DocKey(update.collection(), update.docId()), new CompletableFuture<>()).whenComplete((head, e) ->
                    presence.relay(channel, this, MessageEncoder.presence(update.channel(), clientId, update.presenceId(),
                            null, update.presenceVersion(), update.collection(), update.docId(),
                            e == null ? Math.max(update.version(), head.version()) : update.version(), update.type())));
        });
    }

    /** Sends the success frame, or the request echoed with the error it met. */
    private <T> BiConsumer<T, Throwable> reply(ClientMessage request, java.util.function.Function<T, String> success) {
        return (value, failure) -> {
            if (closed) {
                return;
            }
            if (failure == null) {
                try {
                    outbox.send(success.apply(value));
                    return;
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            ErrorCode code = codeFor(cause);
            meters.error(code);
            if (code.fault() == ErrorCode.Fault.SERVER_INTERNAL) {
                LOG.warn("request {} failed", request.action(), cause);
            }
            outbox.send(MessageEncoder.errorReply(request, code, cause.getMessage() == null ? code.name() : cause.getMessage()));
        };
    }

    private static BulkEntry failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return new BulkEntry.Failed(codeFor(cause), String.valueOf(cause.getMessage()));
    }

    private static ErrorCode codeFor(Throwable failure) {
        if (failure instanceof Rejection rejection) {
            return switch (rejection.reason()) {
                case VERSION_IN_FUTURE -> ErrorCode.ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT;
                case OPS_NOT_FOUND, COMPACTED -> ErrorCode.ERR_SUBMIT_TRANSFORM_OPS_NOT_FOUND;
                case ALREADY_CREATED -> ErrorCode.ERR_DOC_ALREADY_CREATED;
                case DOES_NOT_EXIST -> ErrorCode.ERR_DOC_DOES_NOT_EXIST;
                case WAS_DELETED -> ErrorCode.ERR_DOC_WAS_DELETED;
                case OP_DOES_NOT_FIT -> ErrorCode.ERR_OT_OP_NOT_APPLIED;
                case UNAVAILABLE -> ErrorCode.ERR_INTERNAL;
            };
        }
        if (failure instanceof ProtocolException protocol) {
            return protocol.code();
        }
        return ErrorCode.ERR_INTERNAL;
    }

    private static DocSnapshot toWire(Snapshot snapshot) {
        return snapshot.exists() ? new DocSnapshot(snapshot.version(), snapshot.content()) : DocSnapshot.missing(snapshot.version());
    }

    private static String newClientId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
