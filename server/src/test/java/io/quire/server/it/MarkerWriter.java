package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.WebSocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client typing markers ({@code <wN.M>}) into a chapter of its own over the raw sharedb protocol, one op in
 * flight at a time as the sharedb client does, as fast as the acks come. It records when each marker was
 * acknowledged (by the test's clock) and which one was in flight when the connection ended, so that a test can
 * check a restarted server (or a backup) against what the client was told. Runs until {@link #stop} or until the
 * server closes the connection; every wait is bounded.
 */
final class MarkerWriter implements Runnable {
    static final Pattern MARKER = Pattern.compile("<w\\d+\\.\\d+>");
    private static final Duration ACK_WAIT = Duration.ofSeconds(20);

    private final WebSocketClient client;
    private final int port;
    private final int number;
    final String collection;
    final String docId;
    /** Marker to the nanoTime its ack was read. */
    final Map<String, Long> acked = new ConcurrentHashMap<>();
    /** The marker sent and not acknowledged when the writer ended, if any. */
    volatile String unacked;
    /** How the server ended the connection; null if the writer was stopped first. */
    volatile RawClient.Closed closed;
    volatile Throwable failure;
    private volatile boolean stopping;
    private final Thread thread;

    MarkerWriter(WebSocketClient client, int port, String collection, int number) {
        this.client = client;
        this.port = port;
        this.number = number;
        this.collection = collection;
        this.docId = "chapter-" + number;
        this.thread = new Thread(this, "marker-writer-" + number);
        thread.setDaemon(true);
    }

    MarkerWriter start() {
        thread.start();
        return this;
    }

    void stop() {
        stopping = true;
    }

    /** Waits (bounded) for the writer to end. */
    void join(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        assertThat(thread.isAlive()).as("writer %d still running after %s", number, timeout).isFalse();
    }

    @Override
    public void run() {
        try (RawClient raw = RawClient.connect(client, port)) {
            ObjectNode create = op(0, 1);
            create.putObject("create").put("type", "rich-text").putArray("data").addObject().put("insert", "\n");
            JsonNode created = raw.request(create);
            assertThat(created.has("error")).as("create of %s: %s", docId, created).isFalse();
            long version = 1;
            for (int seq = 2; !stopping; seq++) {
                String marker = "<w" + number + "." + seq + ">";
                ObjectNode edit = op(version, seq);
                edit.putArray("op").addObject().put("insert", marker);
                unacked = marker;
                raw.send(edit);
                JsonNode reply = awaitReply(raw);
                if (reply == null) {
                    return; // closed with the marker in flight
                }
                assertThat(reply.has("error")).as("op %s of %s: %s", marker, docId, reply).isFalse();
                assertThat(reply.path("seq").asInt()).as("ack %s", reply).isEqualTo(seq);
                acked.put(marker, System.nanoTime());
                unacked = null;
                version = reply.path("v").asLong() + 1;
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** The reply to the op just sent, or null if the server closed the connection first. */
    private JsonNode awaitReply(RawClient raw) throws InterruptedException {
        long deadline = System.nanoTime() + ACK_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = raw.poll(Duration.ofMillis(50));
            if (frame != null) {
                return frame;
            }
            if (raw.isClosed()) {
                JsonNode last = raw.poll(Duration.ZERO);
                if (last != null) {
                    return last;
                }
                closed = raw.awaitClose(Duration.ZERO);
                return null;
            }
        }
        throw new AssertionError("no reply to an op of " + docId + " within " + ACK_WAIT);
    }

    private ObjectNode op(long version, int seq) {
        return RawClient.object().put("a", "op").put("c", collection).put("d", docId).put("v", version).put("seq", seq);
    }

    /** The chapter's version and its markers in text order, as a server fetches it. */
    record Stored(long version, List<String> markers) {
    }

    static Stored fetch(WebSocketClient client, int port, String collection, String docId) throws Exception {
        try (RawClient raw = RawClient.connect(client, port)) {
            JsonNode reply = raw.request(RawClient.object().put("a", "f").put("c", collection).put("d", docId));
            assertThat(reply.has("error")).as("fetch %s: %s", docId, reply).isFalse();
            StringBuilder text = new StringBuilder();
            for (JsonNode op : reply.path("data").path("data").path("ops")) {
                text.append(op.path("insert").asText(""));
            }
            List<String> markers = new ArrayList<>();
            Matcher m = MARKER.matcher(text);
            while (m.find()) {
                markers.add(m.group());
            }
            // Only whole markers and the final newline: nothing half-applied.
            assertThat(MARKER.matcher(text).replaceAll("")).as("text of %s besides markers", docId).isEqualTo("\n");
            return new Stored(reply.path("data").path("v").asLong(), markers);
        }
    }
}
