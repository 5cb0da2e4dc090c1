package io.quire.benchmarks.load;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * One simulated author: a WebSocket connection speaking the sharedb protocol to one document. Every method runs on
 * the event loop the client was connected from (its {@link ClientLoop}); nothing here is shared but the
 * {@link SendLog} registry.
 *
 * <p>Setup: connect, read {@code init}, send {@code hs}, subscribe ({@code v:null}); the document's first client
 * creates it if the snapshot says it does not exist, the others wait for the create's broadcast. Then it is
 * {@linkplain #ready() ready}. Typing: at most one op in flight, based on the last version seen, as the sharedb
 * client does; keystrokes typed meanwhile are composed into the next op (inserted together at one position).
 * At {@code --rate max} the next keystroke comes as soon as the ack does.
 */
final class LoadClient {

    enum State { CONNECTING, AWAITING_INIT, HANDSHAKING, SUBSCRIBING, CREATING, AWAITING_CREATE, READY, CLOSED }

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

    private final int index;
    private final LoadConfig config;
    private final String docId;
    private final boolean creator;
    private final Vertx vertx;
    private final LoopMetrics metrics;
    private final Map<String, SendLog> sendLogs;
    private final SplittableRandom random;
    private final SendLog sendLog = new SendLog();
    private final LocalDoc doc = new LocalDoc();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Completes when the WebSocket handshake is done or failed: the generator limits handshakes in flight. */
    private final CompletableFuture<Void> opened = new CompletableFuture<>();

    private ClientWebSocket socket;
    private DirectFrames direct;
    private State state = State.CONNECTING;
    private String src;
    private long seq;
    private long inflightSeq = -1;
    private long inflightSentNanos;
    private int inflightLength;
    private boolean typing;
    private long timerId = -1;
    private int pendingKeystrokes;
    private boolean resyncing;
    private boolean closing;

    LoadClient(int index, LoadConfig config, Vertx vertx, LoopMetrics metrics, Map<String, SendLog> sendLogs) {
        this.index = index;
        this.config = config;
        this.docId = config.docId(config.docOf(index));
        this.creator = config.createsDoc(index);
        this.vertx = vertx;
        this.metrics = metrics;
        this.sendLogs = sendLogs;
        this.random = new SplittableRandom(config.seed() * 1_000_003L + index);
    }

    int index() {
        return index;
    }

    String docId() {
        return docId;
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    CompletableFuture<Void> opened() {
        return opened;
    }

    /** Version and length of the local copy, whether an op is in flight, and whether the connection is up. */
    record Probe(int client, String docId, long version, long length, boolean inflight, long inflightNanos,
                 boolean open) {
    }

    Probe probe(long now) {
        return new Probe(index, docId, doc.version(), doc.length(), inflightSeq >= 0,
                inflightSeq >= 0 ? now - inflightSentNanos : 0, state != State.CLOSED);
    }

    // ---- connection and setup

    void connect(WebSocketClient client) {
        int port = config.url().getPort() >= 0 ? config.url().getPort()
                : "wss".equals(config.url().getScheme()) ? 443 : 80;
        String path = config.url().getRawPath() == null || config.url().getRawPath().isEmpty() ? "/" : config.url().getRawPath();
        if (config.url().getRawQuery() != null) {
            path += "?" + config.url().getRawQuery();
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(config.url().getHost())
                .setPort(port)
                .setURI(path)
                .setSsl("wss".equals(config.url().getScheme()))
                .setTimeout(config.connectTimeout() * 1000L);
        socket = client.webSocket();
        socket.textMessageHandler(this::onFrame);
        socket.closeHandler(v -> onClose());
        socket.exceptionHandler(e -> {
            if (state == State.READY && !closing) {
                metrics.error("SOCKET_EXCEPTION " + e.getClass().getSimpleName());
            }
        });
        state = State.AWAITING_INIT;
        socket.connect(options).onComplete(ar -> {
            if (ar.failed()) {
                state = State.CLOSED;
                opened.complete(null);
                fail("connection " + index + " to " + config.url() + " failed: " + ar.cause());
            } else {
                direct = DirectFrames.install(socket, this::onFrame);
                opened.complete(null);
            }
        });
    }

    private void fail(String why) {
        ready.completeExceptionally(new IllegalStateException(why));
    }

    private void onClose() {
        State was = state;
        state = State.CLOSED;
        stopTyping();
        if (closing) {
            return;
        }
        String reason = "close " + socket.closeStatusCode() + (socket.closeReason() == null ? "" : " " + socket.closeReason());
        if (was == State.READY) {
            metrics.add(Counter.DISCONNECTS);
            metrics.closed(reason);
        } else if (was != State.CLOSED) {
            fail("connection " + index + " closed during setup (" + was + "): " + reason);
        }
    }

    void close() {
        closing = true;
        stopTyping();
        if (socket != null && state != State.CLOSED && !socket.isClosed()) {
            socket.close();
        }
    }

    private void send(String frame) {
        if (direct != null) {
            direct.send(frame);
        } else {
            socket.writeTextMessage(frame);
        }
    }

    // ---- frames

    /** A frame through Vert.x: those before {@link DirectFrames} is installed, and fragmented ones. */
    void onFrame(String text) {
        InboundFrame frame;
        try {
            frame = InboundFrame.parse(text);
        } catch (IOException | RuntimeException e) {
            metrics.add(Counter.BAD_FRAMES);
            return;
        }
        onFrame(frame);
    }

    void onFrame(byte[] utf8, int offset, int length) {
        InboundFrame frame;
        try {
            frame = InboundFrame.parse(utf8, offset, length);
        } catch (IOException | RuntimeException e) {
            metrics.add(Counter.BAD_FRAMES);
            return;
        }
        onFrame(frame);
    }

    private void onFrame(InboundFrame frame) {
        String action = frame.action() == null ? "" : frame.action();
        if (frame.isError()) {
            onError(frame, action);
            return;
        }
        switch (action) {
            case "init" -> {
                if (state == State.AWAITING_INIT) {
                    state = State.HANDSHAKING;
                    send(OutboundFrames.handshake());
                }
            }
            case "hs" -> {
                if (state == State.HANDSHAKING) {
                    src = frame.clientId();
                    if (src == null) {
                        fail("handshake reply without an id");
                        return;
                    }
                    sendLogs.put(src, sendLog);
                    state = State.SUBSCRIBING;
                    send(OutboundFrames.subscribe(config.collection(), docId));
                }
            }
            case "s" -> {
                if (state == State.SUBSCRIBING && frame.snapshot() != null && isMine(frame)) {
                    onSnapshot(frame.snapshot());
                }
            }
            case "f" -> {
                if (resyncing && frame.snapshot() != null && isMine(frame)) {
                    resyncing = false;
                    doc.reset(frame.snapshot());
                    if (state == State.CREATING || state == State.AWAITING_CREATE) {
                        becomeReadyIfCreated();
                    }
                    maybeSend();
                }
            }
            case "op" -> {
                if (!isMine(frame)) {
                    return;
                }
                if (frame.isAck()) {
                    onAck(frame);
                } else if (frame.isRemoteOp()) {
                    onRemoteOp(frame);
                }
            }
            default -> {
                // pp, presence and anything newer: not part of this load
            }
        }
    }

    private boolean isMine(InboundFrame frame) {
        return docId.equals(frame.docId()) && config.collection().equals(frame.collection());
    }

    private void onSnapshot(InboundFrame.Snapshot snapshot) {
        doc.reset(snapshot);
        if (doc.exists()) {
            becomeReady();
        } else if (creator) {
            state = State.CREATING;
            seq++;
            inflightSeq = seq;
            inflightSentNanos = System.nanoTime();
            inflightLength = config.initialLength() + 1;
            send(OutboundFrames.create(config.collection(), docId, seq, initialText()));
        } else {
            state = State.AWAITING_CREATE;
        }
    }

    private String initialText() {
        StringBuilder text = new StringBuilder(config.initialLength() + 1);
        for (int i = 0; i < config.initialLength(); i++) {
            text.append(i % 60 == 59 ? ' ' : LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return text.append('\n').toString();
    }

    private void becomeReadyIfCreated() {
        if (doc.exists()) {
            becomeReady();
        }
    }

    private void becomeReady() {
        if (state != State.READY) {
            state = State.READY;
            ready.complete(null);
        }
    }

    private void onAck(InboundFrame frame) {
        if (frame.seq() != inflightSeq || (frame.source() != null && !frame.source().equals(src))) {
            return; // not the op in flight: nothing else is ever sent
        }
        long now = System.nanoTime();
        boolean create = state == State.CREATING;
        InboundFrame.Kind kind = create ? InboundFrame.Kind.CREATE : InboundFrame.Kind.EDIT;
        inflightSeq = -1;
        if (!create) {
            metrics.ackLatency(now - inflightSentNanos);
            metrics.add(Counter.OPS_ACKED);
        }
        if (frame.version() < doc.version()) {
            metrics.add(Counter.ACKS_ALREADY_SEEN); // a refetched snapshot already holds the op
        } else if (frame.version() > doc.version()) {
            metrics.add(Counter.VERSION_GAPS);
            resync();
        } else {
            doc.applyRemote(frame.version(), kind, inflightLength);
        }
        if (create) {
            becomeReadyIfCreated();
        }
        maybeSend();
    }

    private void onRemoteOp(InboundFrame frame) {
        if (src != null && src.equals(frame.source())) {
            metrics.add(Counter.OWN_ECHOES);
            return;
        }
        if (!doc.known()) {
            return; // before the subscribe reply: the snapshot will hold it
        }
        long now = System.nanoTime();
        LocalDoc.Result result = doc.applyRemote(frame.version(), frame.kind(), frame.lengthDelta());
        switch (result) {
            case APPLIED -> {
                if (frame.kind() == InboundFrame.Kind.EDIT) {
                    metrics.add(Counter.DELIVERIES);
                    SendLog log = frame.source() == null ? null : sendLogs.get(frame.source());
                    long sent = log == null ? 0 : log.lookup(frame.seq());
                    if (sent != 0) {
                        metrics.peerLatency(now - sent);
                    } else {
                        metrics.add(Counter.PEER_UNTIMED);
                    }
                }
                if (state == State.AWAITING_CREATE) {
                    becomeReadyIfCreated();
                }
            }
            case DUPLICATE -> metrics.add(Counter.DUPLICATES);
            case GAP -> {
                metrics.add(Counter.VERSION_GAPS);
                resync();
            }
        }
    }

    private void onError(InboundFrame frame, String action) {
        metrics.error(frame.errorCode());
        if (state != State.READY && state != State.CREATING) {
            fail("connection " + index + " got " + frame.errorCode() + " in reply to '" + action + "' during setup ("
                    + state + "): " + frame.errorMessage());
            return;
        }
        if ("op".equals(action) && frame.seq() == inflightSeq) {
            // The sharedb client cannot invert a rich-text op: it throws its state away and fetches again.
            inflightSeq = -1;
            resync();
        }
    }

    private void resync() {
        if (resyncing) {
            return;
        }
        resyncing = true;
        metrics.add(Counter.RESYNCS);
        send(OutboundFrames.fetch(config.collection(), docId));
    }

    // ---- typing

    void startTyping() {
        if (state != State.READY || typing) {
            return;
        }
        typing = true;
        if (config.maxRate()) {
            maybeSend();
            return;
        }
        long period = Math.max(1, Math.round(1000.0 / config.rate()));
        long phase = 1 + random.nextLong(period);
        timerId = vertx.setPeriodic(phase, period, id -> keystroke());
    }

    void stopTyping() {
        typing = false;
        pendingKeystrokes = 0;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    private void keystroke() {
        if (!typing || state != State.READY) {
            return;
        }
        metrics.add(Counter.KEYSTROKES);
        pendingKeystrokes++;
        if (inflightSeq >= 0 || resyncing) {
            metrics.add(Counter.KEYSTROKES_COMPOSED);
            return;
        }
        maybeSend();
    }

    private void maybeSend() {
        if (!typing || state != State.READY || inflightSeq >= 0 || resyncing) {
            return;
        }
        int keystrokes;
        if (config.maxRate()) {
            metrics.add(Counter.KEYSTROKES);
            keystrokes = 1;
        } else {
            keystrokes = pendingKeystrokes;
            if (keystrokes == 0) {
                return;
            }
        }
        pendingKeystrokes = 0;
        StringBuilder text = new StringBuilder(keystrokes);
        for (int i = 0; i < keystrokes; i++) {
            text.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        long position = doc.randomInsertPosition(random);
        seq++;
        inflightSeq = seq;
        inflightLength = keystrokes;
        String frame = OutboundFrames.insert(config.collection(), docId, doc.version(), seq, position, text.toString());
        metrics.add(Counter.OPS_SENT);
        inflightSentNanos = System.nanoTime();
        sendLog.record(seq, inflightSentNanos);
        send(frame);
    }
}
