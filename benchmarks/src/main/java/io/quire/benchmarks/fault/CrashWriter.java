package io.quire.benchmarks.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.benchmarks.load.OutboundFrames;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;

import java.net.URI;
import java.util.SplittableRandom;

/**
 * A writer of the crash test: one connection to one document, at most one op in flight, each op inserting a marker
 * unique to the writer and op ({@code <w17.42>}). It does not subscribe: it bases each op on the version its last
 * ack or fetch gave and lets the server transform it. Positions stay valid without seeing other writers' ops
 * because the writers only insert, so the length it last knew is a lower bound of every later length.
 *
 * <p>When the connection drops (the server was killed) the op in flight is of unknown fate and is not recorded;
 * {@link #resume} connects again, fetches the document and goes on from the fetched version.
 */
final class CrashWriter extends Wire {

    enum State { DOWN, FETCHING, CREATING, TYPING }

    private static final int MAX_CREATE_WAITS = 600;

    private final Vertx vertx;
    private final Context context;
    private final AckLog acks;
    private final int index;
    private final String collection;
    private final String docId;
    private final boolean creator;
    /** Milliseconds between ops, or 0 to send the next op when the last is acked. */
    private final long periodMs;
    private final SplittableRandom random;

    private volatile State state = State.DOWN;
    private volatile boolean typing;
    private volatile String lastError;
    private volatile long acked;
    private volatile long unknownAtCrash;
    private volatile long rejected;
    private long version;
    private long knownLength;
    private long seq;
    private long markers;
    private long inflightSeq = -1;
    private String inflightText;
    private boolean inflightCreate;
    private long timer = -1;
    private int createWaits;

    CrashWriter(Vertx vertx, Context context, WebSocketClient client, URI url, AckLog acks, int index,
                String collection, String docId, boolean creator, double opsPerSecond, long seed) {
        super(client, url);
        this.vertx = vertx;
        this.context = context;
        this.acks = acks;
        this.index = index;
        this.collection = collection;
        this.docId = docId;
        this.creator = creator;
        this.periodMs = opsPerSecond <= 0 ? 0 : Math.max(1, Math.round(1000 / opsPerSecond));
        this.random = new SplittableRandom(seed * 1_000_003L + index);
    }

    State state() {
        return state;
    }

    long acked() {
        return acked;
    }

    long unknownAtCrash() {
        return unknownAtCrash;
    }

    long rejected() {
        return rejected;
    }

    String lastError() {
        return lastError;
    }

    /** Connects (again) and types once the document is fetched; a no-op unless the writer is down. */
    void resume() {
        context.runOnContext(v -> {
            if (state == State.DOWN && closed) {
                typing = true;
                state = State.FETCHING;
                connect();
            }
        });
    }

    /** Stops sending new ops; the one in flight may still be acked. */
    void pause() {
        context.runOnContext(v -> {
            typing = false;
            cancelTimer();
        });
    }

    @Override
    void onReady() {
        fetch();
    }

    private void fetch() {
        state = State.FETCHING;
        socket.writeTextMessage(OutboundFrames.fetch(collection, docId));
    }

    @Override
    void onMessage(JsonNode message) {
        if (!docId.equals(message.path("d").asText()) || !collection.equals(message.path("c").asText())) {
            return;
        }
        String a = message.path("a").asText("");
        if (message.has("error")) {
            onError(a, message);
        } else if ("f".equals(a) && state == State.FETCHING && message.has("data")) {
            onSnapshot(message.get("data"));
        } else if ("op".equals(a) && !message.has("op") && !message.has("create") && !message.has("del")) {
            onAck(message);
        }
    }

    private void onSnapshot(JsonNode data) {
        if (!data.hasNonNull("type")) {
            if (creator) {
                state = State.CREATING;
                String text = "<w" + index + " created>\n";
                send(null, text, true);
            } else if (++createWaits > MAX_CREATE_WAITS) {
                lastError = "document " + docId + " was not created within " + MAX_CREATE_WAITS + " fetches";
            } else {
                vertx.setTimer(100, id -> {
                    if (state == State.FETCHING && !closed) {
                        fetch();
                    }
                });
            }
            return;
        }
        version = data.path("v").asLong();
        String text = Wire.text(data.path("data"));
        knownLength = text == null ? 1 : text.length();
        startTyping();
    }

    private void startTyping() {
        state = State.TYPING;
        if (!typing) {
            return;
        }
        if (periodMs == 0) {
            next();
        } else if (timer < 0) {
            timer = vertx.setPeriodic(1 + random.nextLong(periodMs), periodMs, id -> next());
        }
    }

    private void next() {
        if (!typing || state != State.TYPING || inflightSeq >= 0 || closed) {
            return;
        }
        String marker = "<w" + index + "." + (++markers) + ">";
        // Before the final newline: a rich-text document must keep ending with one.
        long position = knownLength <= 1 ? 0 : random.nextLong(knownLength);
        send(position, marker, false);
    }

    private void send(Long position, String text, boolean create) {
        seq++;
        inflightSeq = seq;
        inflightText = text;
        inflightCreate = create;
        socket.writeTextMessage(create ? OutboundFrames.create(collection, docId, seq, text)
                : OutboundFrames.insert(collection, docId, version, seq, position, text));
    }

    private void onAck(JsonNode ack) {
        if (ack.path("seq").asLong(-2) != inflightSeq) {
            return;
        }
        String src = ack.hasNonNull("src") ? ack.get("src").asText() : clientId;
        long v = ack.path("v").asLong(-1);
        acks.add(new AckLog.Ack(docId, v, src, inflightSeq, inflightCreate, inflightText, index));
        acked++;
        inflightSeq = -1;
        version = Math.max(version, v + 1);
        knownLength = inflightCreate ? inflightText.length() : knownLength + inflightText.length();
        if (inflightCreate) {
            startTyping();
        } else if (periodMs == 0) {
            next();
        }
    }

    private void onError(String action, JsonNode message) {
        String code = message.path("error").path("code").asText("?");
        lastError = action + " " + code + ": " + message.path("error").path("message").asText("");
        if ("op".equals(action) && message.path("seq").asLong(-2) == inflightSeq) {
            // Rejected, so not stored: start again from a fresh snapshot (a create that lost a race lands here too).
            rejected++;
            inflightSeq = -1;
            fetch();
        }
    }

    @Override
    void onClosed(Short code, String reason) {
        down();
    }

    @Override
    void onConnectFailed(Throwable e) {
        lastError = "connect: " + e.getMessage();
        down();
    }

    private void down() {
        if (inflightSeq >= 0) {
            unknownAtCrash++;
            inflightSeq = -1;
        }
        cancelTimer();
        state = State.DOWN;
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Closes without waiting; for the end of the run. */
    void shutdown() {
        context.runOnContext(v -> {
            typing = false;
            cancelTimer();
            close();
        });
    }
}
