package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.QuireServer;
import io.quire.server.config.ServerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a broken or hostile client can send, over a bare WebSocket to the real server: each request gets the
 * documented answer (an error reply echoing the request, or a close with a code and a reason), the connection
 * stays usable where the error is recoverable, other connections are unaffected, and nothing is stored.
 *
 * <p>The server runs in-process with a 64 KiB message limit. Each test edits a document of its own.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BadInputTest {

    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final String COLLECTION = "bad-input";
    private static final String TEXT = "Hello\n";

    @TempDir
    static Path tempDir;

    private static QuireServer server;
    private static Vertx clientVertx;

    /** Kept in a field and closed explicitly: Vert.x closes unreferenced clients, handshakes and all. */
    private WebSocketClient wsClient;
    private final List<RawClient> clients = new ArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private String docId;

    @BeforeAll
    static void startServer() throws Exception {
        server = new QuireServer();
        server.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                        .withDataDir(tempDir.resolve("data")).withMaxMessageBytes(MAX_MESSAGE_BYTES))
                .await(30, TimeUnit.SECONDS);
        clientVertx = Vertx.vertx();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (clientVertx != null) {
            clientVertx.close().await(30, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.stop().await(30, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void createClient(TestInfo test) {
        wsClient = clientVertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout(10_000)
                .setMaxMessageSize(4 * 1024 * 1024));
        docId = test.getTestMethod().orElseThrow().getName() + "-" + test.getDisplayName().hashCode();
    }

    @AfterEach
    void closeClient() throws Exception {
        for (RawClient client : clients) {
            client.close();
        }
        wsClient.close().await(10, TimeUnit.SECONDS);
    }

    // ---- Frames that are not requests: the connection is closed with a reason

    /** {@code DOC} in a frame stands for the test's document, so a truncated op that would edit it is among them. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "{\"a\":\"op\",\"c\":\"bad-input\",\"d\":\"DOC\",\"v\":1,\"seq\":9,\"op\":[{\"insert\":\"x\"}]",
        "{\"a\":\"pp\"", "", " ", "not json", "[{\"a\":\"pp\"}]", "\"pp\"", "42", "null"})
    void aFrameThatIsNotAJsonObjectClosesTheConnectionWithAReason(String frame) throws Exception {
        createDocument();
        RawClient client = connect();

        client.send(frame.replace("DOC", docId));

        RawClient.Closed closed = client.awaitClose(RawClient.WAIT);
        assertThat(closed.code()).isEqualTo((short) 1003);
        assertThat(closed.reason()).startsWith("ERR_MESSAGE_BADLY_FORMED").contains("expected a JSON object");
        assertThat(client.drain()).as("nothing to echo, so no error reply").isEmpty();
        assertUnchanged();
        assertAnotherConnectionWorks();
    }

    @Test
    void aBinaryFrameClosesTheConnection() throws Exception {
        createDocument();
        RawClient client = connect();

        // A valid op, but as a binary frame: not part of the protocol, so not applied.
        client.sendBinary(edit(1, "[{\"insert\":\"x\"}]").toString().getBytes(StandardCharsets.UTF_8));

        RawClient.Closed closed = client.awaitClose(RawClient.WAIT);
        assertThat(closed.code()).isEqualTo((short) 1003);
        assertThat(closed.reason()).contains("binary");
        assertThat(client.drain()).isEmpty();
        assertUnchanged();
        assertAnotherConnectionWorks();
    }

    // ---- Requests the protocol does not allow: an error reply, and the connection stays open

    @Test
    void anUnknownActionIsAnsweredAndTheConnectionStaysOpen() throws Exception {
        RawClient client = connect();

        JsonNode reply = client.request(RawClient.json("{\"a\":\"zz\",\"c\":\"" + COLLECTION + "\",\"d\":\"x\"}"));

        assertThat(reply.path("a").asText()).isEqualTo("zz");
        assertThat(reply.path("c").asText()).isEqualTo(COLLECTION);
        assertError(reply, "ERR_MESSAGE_BADLY_FORMED", "unknown action");
        assertThat(client.request(RawClient.json("{\"a\":\"pp\"}"))).isEqualTo(RawClient.json("{\"a\":\"pp\"}"));
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void messagesInSeveralFramesAreReadWholeAndInOrderWithTheOthers() throws Exception {
        createDocument();
        RawClient client = connect();

        // Each op is based on the version the one before makes: read out of order, one would be in the future.
        client.sendFragmented(edit(1, "[{\"retain\":5},{\"insert\":\", world\"}]").toString(), 3);
        client.send(edit(2, "[{\"retain\":12},{\"insert\":\"!\"}]"));
        client.sendFragmented(edit(3, "[{\"insert\":\">> \"}]").toString(), 4);

        for (long version = 1; version <= 3; version++) {
            JsonNode ack = client.next();
            assertThat(ack.has("error")).as("ack %s", ack).isFalse();
            assertThat(ack.path("v").asLong()).as("ack %s", ack).isEqualTo(version);
        }
        JsonNode after = fetch(client);
        assertThat(after.path("data").path("data").path("ops"))
                .isEqualTo(RawClient.json("[{\"insert\":\">> Hello, world!\\n\"}]"));
    }

    @Test
    void requestsWithoutCollectionOrIdAreAnswered() throws Exception {
        createDocument();
        RawClient client = connect();
        // Each request, and the field the reply must name.
        Map<ObjectNode, String> requests = new LinkedHashMap<>();
        requests.put(RawClient.object().put("a", "f").put("d", docId), "c");
        requests.put(RawClient.object().put("a", "s").put("c", COLLECTION), "d");
        requests.put(RawClient.object().put("a", "nf").put("id", 1).put("c", COLLECTION), "d");
        requests.put(withEdit(RawClient.object().put("a", "op").put("d", docId).put("v", 1).put("seq", seq.incrementAndGet())), "c");
        requests.put(withEdit(RawClient.object().put("a", "op").put("c", COLLECTION).put("v", 1).put("seq", seq.incrementAndGet())), "d");
        requests.put(withEdit(RawClient.object().put("a", "op").put("c", "").put("d", docId).put("v", 1).put("seq", seq.incrementAndGet())), "c");

        for (Map.Entry<ObjectNode, String> entry : requests.entrySet()) {
            JsonNode reply = client.request(entry.getKey());
            assertThat(reply.path("a").asText()).as("reply to %s", entry.getKey()).isEqualTo(entry.getKey().path("a").asText());
            assertError(reply, "ERR_MESSAGE_BADLY_FORMED", "expected " + entry.getValue() + " to be a non-empty string");
        }
        assertThat(client.request(RawClient.json("{\"a\":\"pp\"}")).path("a").asText()).isEqualTo("pp");
        assertUnchanged();
    }

    @Test
    void aRetainPastTheEndIsNotApplied() throws Exception {
        createDocument();
        RawClient client = connect();

        JsonNode reply = client.request(edit(1, "[{\"retain\":40},{\"insert\":\"x\"}]"));
        assertError(reply, "ERR_OT_OP_NOT_APPLIED", "retain 40 at position 0 exceeds document length 6");
        assertThat(reply.path("seq").asLong()).as("the reply echoes the op's seq").isEqualTo(seq.get());

        assertError(client.request(edit(1, "[{\"retain\":2},{\"delete\":10}]")), "ERR_OT_OP_NOT_APPLIED", null);
        assertError(client.request(edit(1, "[{\"retain\":7,\"attributes\":{\"bold\":true}}]")), "ERR_OT_OP_NOT_APPLIED", null);
        assertUnchanged();
    }

    @Test
    void aVersionInTheFutureIsRefused() throws Exception {
        createDocument();
        RawClient client = connect();

        assertError(client.request(edit(5, "[{\"insert\":\"x\"}]")), "ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT",
                "op version 5 is newer than the document's version 1");
        assertError(client.request(edit(2, "[{\"insert\":\"x\"}]")), "ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT", null);
        assertUnchanged();
    }

    @Test
    void aZeroRetainIsBadlyFormed() throws Exception {
        createDocument();
        RawClient client = connect();

        // quill-delta reads {retain:0} as "the rest of the document": an insert after it would land at the end.
        assertError(client.request(edit(1, "[{\"retain\":0},{\"insert\":\"x\"}]")), "ERR_OT_OP_BADLY_FORMED",
                "retain must be a positive integer");
        assertError(client.request(edit(1, "[{\"insert\":\"\"}]")), "ERR_OT_OP_BADLY_FORMED", null);
        assertError(client.request(edit(1, "[{\"delete\":-1}]")), "ERR_OT_OP_BADLY_FORMED", null);
        assertError(client.request(edit(1, "{\"ops\":\"x\"}")), "ERR_OT_OP_BADLY_FORMED", null);
        assertUnchanged();
    }

    @Test
    void aCreateOfAnotherTypeIsRefused() throws Exception {
        RawClient client = connect();

        for (String type : List.of("json0", "http://sharejs.org/types/JSONv0", "text", "rich-text-v2")) {
            ObjectNode create = RawClient.object().put("a", "op").put("c", COLLECTION).put("d", docId).put("v", 0)
                    .put("seq", seq.incrementAndGet());
            create.putObject("create").put("type", type).putObject("data");
            assertError(client.request(create), "ERR_DOC_TYPE_NOT_RECOGNIZED", type);
        }
        JsonNode missing = fetch(client);
        assertThat(missing.path("data").path("v").asLong()).isZero();
        assertThat(missing.path("data").path("type").isNull()).as("no document: %s", missing).isTrue();

        // A create whose data is not a document, and a second create of one that exists.
        ObjectNode withRetain = RawClient.object().put("a", "op").put("c", COLLECTION).put("d", docId).put("v", 0)
                .put("seq", seq.incrementAndGet());
        withRetain.putObject("create").put("type", "rich-text").putArray("data").addObject().put("retain", 3);
        assertError(client.request(withRetain), "ERR_OT_OP_BADLY_FORMED", null);
        assertThat(fetch(client).path("data").path("type").isNull()).isTrue();

        createDocument();
        ObjectNode again = RawClient.object().put("a", "op").put("c", COLLECTION).put("d", docId).put("v", 1)
                .put("seq", seq.incrementAndGet());
        again.putObject("create").put("type", "rich-text").putArray("data").addObject().put("insert", "Other\n");
        assertError(client.request(again), "ERR_DOC_ALREADY_CREATED", null);
        assertUnchanged();
    }

    @Test
    void anEditOfADocumentNeverCreatedIsRefused() throws Exception {
        RawClient client = connect();

        assertError(client.request(edit(0, "[{\"insert\":\"x\"}]")), "ERR_DOC_DOES_NOT_EXIST", null);
        JsonNode missing = fetch(client);
        assertThat(missing.path("data").path("v").asLong()).isZero();
        assertThat(missing.path("data").path("type").isNull()).isTrue();
    }

    // ---- Limits

    @Test
    void aMessageOverTheSizeLimitClosesTheConnectionAndOthersCarryOn() throws Exception {
        createDocument();
        RawClient client = connect();
        String big = "x".repeat(100 * 1024);

        client.send(edit(1, "[{\"insert\":\"" + big + "\"}]"));

        RawClient.Closed closed = client.awaitClose(RawClient.WAIT);
        assertThat(closed.code()).isEqualTo((short) 1003);
        assertThat(closed.reason()).startsWith("ERR_MESSAGE_TOO_LARGE");
        assertThat(client.drain()).isEmpty();
        assertUnchanged();
        assertAnotherConnectionWorks();
    }

    /**
     * Browsers send a message as one frame, however large: a message over the limit in one frame must get the same
     * clear refusal, not a dropped connection (the frame limit once sat at Vert.x's default of 64 KiB).
     */
    @Test
    void aMessageOverTheLimitInOneFrameIsRefusedClearly() throws Exception {
        createDocument();
        WebSocketClient oneFrame = clientVertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout(10_000).setMaxMessageSize(4 * 1024 * 1024).setMaxFrameSize(4 * 1024 * 1024));
        RawClient client = RawClient.connect(oneFrame, server.actualPort());
        try {
            client.send(edit(1, "[{\"insert\":\"" + "x".repeat(MAX_MESSAGE_BYTES + 1024) + "\"}]"));
            RawClient.Closed closed = client.awaitClose(RawClient.WAIT);
            assertThat(closed.code()).as("close %s", closed).isEqualTo((short) 1003);
            assertThat(closed.reason()).startsWith("ERR_MESSAGE_TOO_LARGE");
        } finally {
            client.close();
            oneFrame.close();
        }
        assertUnchanged();
        assertAnotherConnectionWorks();
    }

    /**
     * Past the WebSocket layer's own limit (the message limit + 64 KiB), Vert.x drops the message and reports it to
     * the socket's exception handler. The server must not leave the client waiting for a reply that never comes
     * (a sharedb client would keep the op in flight forever): it must close the connection, as for a message just
     * over the limit.
     */
    @Test
    void aMessageFarOverTheSizeLimitClosesTheConnection() throws Exception {
        createDocument();
        RawClient client = connect();

        client.send(edit(1, "[{\"insert\":\"" + "x".repeat(1024 * 1024) + "\"}]"));

        RawClient.Closed closed = client.awaitClose(Duration.ofSeconds(5));
        assertThat(closed.code()).as("close %s", closed).isIn((short) 1003, (short) 1009);
        assertUnchanged();
        assertAnotherConnectionWorks();
    }

    @Test
    void aFloodOfPingsIsRateLimitedWhileOtherConnectionsKeepWorking() throws Exception {
        createDocument();
        RawClient flooder = connect();
        RawClient editor = connect();
        int pings = 5_000;

        for (int i = 0; i < pings; i++) {
            flooder.send("{\"a\":\"pp\"}");
        }
        // Meanwhile, another connection's op makes its round trip.
        long started = System.nanoTime();
        JsonNode ack = editor.request(edit(1, "[{\"insert\":\"x\"}]"));
        long roundTripMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(ack.has("error")).as("ack %s", ack).isFalse();
        assertThat(ack.path("v").asLong()).as("ack %s", ack).isEqualTo(1);
        assertThat(roundTripMillis).as("op round trip during the flood, ms").isLessThan(5_000);

        int pongs = 0;
        int limited = 0;
        List<JsonNode> other = new ArrayList<>();
        while (pongs + limited < pings) {
            JsonNode reply = flooder.poll(flooder.isClosed() ? Duration.ofMillis(200) : RawClient.WAIT);
            if (reply == null) {
                break;
            }
            String code = reply.path("error").path("code").asText(null);
            if (code == null && reply.equals(RawClient.json("{\"a\":\"pp\"}"))) {
                pongs++;
            } else if ("ERR_RATE_LIMITED".equals(code) && "pp".equals(reply.path("a").asText())) {
                limited++;
            } else {
                other.add(reply);
            }
        }
        assertThat(other).as("replies other than pong or ERR_RATE_LIMITED").isEmpty();
        assertThat(limited).as("ERR_RATE_LIMITED replies (%d pongs)", pongs).isPositive();
        assertThat(pongs).as("pongs: at least the burst allowance").isGreaterThanOrEqualTo(1_000);
        if (flooder.isClosed()) {
            // A client refused for long enough is disconnected, with policy violation.
            assertThat(flooder.awaitClose(RawClient.WAIT).code()).isEqualTo((short) 1008);
        } else {
            assertThat(pongs + limited).as("every ping answered").isEqualTo(pings);
        }
        JsonNode after = fetch(editor);
        assertThat(after.path("data").path("v").asLong()).isEqualTo(2);
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedWhileTheDocumentCarriesOn() throws Exception {
        createDocument();
        RawClient hung = connect();
        JsonNode subscribed = hung.request(RawClient.object().put("a", "s").put("c", COLLECTION).put("d", docId));
        assertThat(subscribed.has("error")).as("subscribe reply %s", subscribed).isFalse();
        hung.stopReading();
        double closedBefore = closedAsNotReading();

        // Each pair of ops sends the hung client a 60,000-character insert: the server's 16M characters for one
        // client and the kernel's socket buffers fill after a few hundred; 2,000 ops are four times that.
        RawClient editor = connect();
        String insert = "[{\"insert\":\"" + "x".repeat(60_000) + "\"}]";
        String delete = "[{\"delete\":60000}]";
        long version = 1;
        while (version < 2_000 && (version % 50 != 0 || closedAsNotReading() == closedBefore)) {
            JsonNode ack = editor.request(edit(version, version % 2 == 1 ? insert : delete));
            assertThat(ack.has("error")).as("ack of version %d: %s", version, ack).isFalse();
            version++;
        }

        assertThat(closedAsNotReading()).as("connections closed for not reading").isEqualTo(closedBefore + 1);
        JsonNode after = fetch(connect());
        assertThat(after.path("data").path("v").asLong()).as("every op committed").isEqualTo(version);
        assertThat(after.path("data").path("data").path("ops")).as("contents after the inserts and deletes")
                .isEqualTo(RawClient.json("[{\"insert\":\"" + (version % 2 == 0 ? "x".repeat(60_000) : "")
                        + TEXT.replace("\n", "\\n") + "\"}]"));
        assertAnotherConnectionWorks();
    }

    /** Connections the server closed with 1008 (policy), from its metrics. */
    private static double closedAsNotReading() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.actualPort() + "/metrics")).timeout(RawClient.WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body().lines().filter(line -> line.startsWith("quire_sessions_closed_total{code=\"1008\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    // ---- helpers

    private RawClient connect() throws Exception {
        RawClient client = RawClient.connect(wsClient, server.actualPort());
        clients.add(client);
        return client;
    }

    /** Creates this test's document with {@link #TEXT}: version 1. */
    private void createDocument() throws Exception {
        RawClient client = connect();
        ObjectNode create = RawClient.object().put("a", "op").put("c", COLLECTION).put("d", docId).put("v", 0)
                .put("seq", seq.incrementAndGet());
        create.putObject("create").put("type", "http://sharejs.org/types/rich-text/v1")
                .putObject("data").putArray("ops").addObject().put("insert", TEXT);
        JsonNode ack = client.request(create);
        assertThat(ack.has("error")).as("create ack %s", ack).isFalse();
        assertThat(ack.path("seq").asLong()).isEqualTo(seq.get());
        assertThat(ack.path("v").asLong()).as("create ack %s", ack).isZero();
    }

    /** An op on this test's document at base version {@code v}, with the next seq; {@code op} is raw JSON. */
    private ObjectNode edit(long v, String op) {
        ObjectNode edit = RawClient.object().put("a", "op").put("c", COLLECTION).put("d", docId).put("v", v)
                .put("seq", seq.incrementAndGet());
        edit.set("op", RawClient.json(op));
        return edit;
    }

    private static ObjectNode withEdit(ObjectNode request) {
        request.putArray("op").addObject().put("insert", "x");
        return request;
    }

    private JsonNode fetch(RawClient client) throws Exception {
        JsonNode reply = client.request(RawClient.object().put("a", "f").put("c", COLLECTION).put("d", docId));
        assertThat(reply.path("a").asText()).as("fetch reply %s", reply).isEqualTo("f");
        assertThat(reply.has("error")).as("fetch reply %s", reply).isFalse();
        return reply;
    }

    /** A fresh connection fetches the document: still version 1 with {@link #TEXT}. */
    private void assertUnchanged() throws Exception {
        JsonNode reply = fetch(connect());
        assertThat(reply.path("data").path("v").asLong()).as("version after the bad input: %s", reply).isEqualTo(1);
        assertThat(reply.path("data").path("data").path("ops"))
                .as("content after the bad input")
                .isEqualTo(RawClient.json("[{\"insert\":\"" + TEXT.replace("\n", "\\n") + "\"}]"));
    }

    private void assertAnotherConnectionWorks() throws Exception {
        RawClient other = connect();
        assertThat(other.request(RawClient.json("{\"a\":\"pp\"}")).path("a").asText()).isEqualTo("pp");
        JsonNode reply = other.request(RawClient.object().put("a", "f").put("c", COLLECTION).put("d", "another"));
        assertThat(reply.has("error")).as("fetch from another connection: %s", reply).isFalse();
    }

    private static void assertError(JsonNode reply, String code, String messageContains) {
        assertThat(reply.path("error").path("code").asText()).as("error code in %s", reply).isEqualTo(code);
        if (messageContains != null) {
            assertThat(reply.path("error").path("message").asText()).as("error message in %s", reply)
                    .contains(messageContains);
        }
    }
}
