package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.QuireServer;
import io.quire.server.config.ServerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frames a sharedb client sends on reconnect, in its order: its in-flight op again (base version v), then
 * {@code s} from version v. Another client committed at v meanwhile, so the op is transformed and lands at v+1.
 *
 * <p>The client checks every ack against its own version ({@code Doc._opAcknowledged}: "We should already be at
 * the same version, because the server should have sent all the ops that have happened before acknowledging our
 * op"); on a mismatch it logs "Invalid version from server" and fetches. ShareDB's agent therefore sends the ops a
 * submit was transformed against before the ack, always ({@code agent._submit}: {@code _sendOps} then the
 * callback). Here the other client's op must reach this client before the ack of its own op.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ResendOrderTest {

    private static final String COLLECTION = "resend-order";

    @TempDir
    static Path tempDir;

    private static QuireServer server;
    private static Vertx clientVertx;
    private static int docs;

    private WebSocketClient wsClient;
    private final List<RawClient> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = new QuireServer();
        server.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(tempDir.resolve("data")))
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
    void createClient() {
        wsClient = clientVertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(10_000));
    }

    @AfterEach
    void closeClient() throws Exception {
        for (RawClient client : clients) {
            client.close();
        }
        wsClient.close().await(10, TimeUnit.SECONDS);
    }

    /** Control: without the subscribe, the missed op comes before the ack (this passes). */
    @RepeatedTest(3)
    void aResentOpAloneIsAckedAfterTheOpsItWasTransformedAgainst() throws Exception {
        String docId = docWithConcurrentOp();
        RawClient client = connect();

        client.send(op(docId, client.clientId()));

        assertOrderAsTheClientNeedsIt(client, docId, false);
    }

    /** What the sharedb client sends after a reconnect: the resent op, then the subscribe. */
    @RepeatedTest(5)
    void aResentOpFollowedBySubscribeIsAckedAfterTheOpsItWasTransformedAgainst() throws Exception {
        String docId = docWithConcurrentOp();
        RawClient client = connect();

        client.send(op(docId, client.clientId()));
        client.send(RawClient.object().put("a", "s").put("c", COLLECTION).put("d", docId).put("v", 1));

        assertOrderAsTheClientNeedsIt(client, docId, true);
    }

    /**
     * Replays the frames through the sharedb client's version bookkeeping: starting at version 1, an op frame at
     * the client's version advances it, older ones are ignored as duplicates, newer ones would make it fetch; the
     * ack must carry the client's version at the moment it arrives.
     */
    private static void assertOrderAsTheClientNeedsIt(RawClient client, String docId, boolean subscribe) throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        long version = 1;
        Long versionAtAck = null;
        JsonNode ack = null;
        boolean subscribed = !subscribe;
        while (ack == null || !subscribed) {
            JsonNode frame = client.next();
            frames.add(frame);
            assertThat(frame.has("error")).as("error reply in %s", frames).isFalse();
            if (frame.path("a").asText().equals("s")) {
                subscribed = true;
            } else if (frame.path("a").asText().equals("op") && frame.path("src").asText().equals(client.clientId())
                    && frame.path("seq").asLong() == 1 && ack == null) {
                ack = frame;
                versionAtAck = version;
                if (frame.path("v").asLong() == version) {
                    version++;
                }
            } else if (frame.path("a").asText().equals("op") && frame.path("v").asLong() == version) {
                version++;
            }
        }
        assertThat(ack.path("v").asLong()).as("the op was transformed past the other client's op: %s", frames)
                .isEqualTo(2);
        assertThat(versionAtAck)
                .withFailMessage("the ack %s arrived while the client was at version %d: the op at version 1 it was "
                                + "transformed against had not been sent before it (the sharedb client logs 'Invalid "
                                + "version from server' and refetches). Frames in order: %s", ack, versionAtAck, frames)
                .isEqualTo(ack.path("v").asLong());
    }

    /** A document at version 2: created (v0) and edited (v1) by another connection. */
    private String docWithConcurrentOp() throws Exception {
        String docId = "doc-" + (++docs);
        RawClient writer = connect();
        ObjectNode create = RawClient.object().put("a", "op").put("c", COLLECTION).put("d", docId).put("v", 0).put("seq", 1);
        create.putObject("create").put("type", "rich-text").putArray("data").addObject().put("insert", "Hello\n");
        assertThat(writer.request(create).path("v").asLong()).isZero();
        ObjectNode edit = RawClient.object().put("a", "op").put("c", COLLECTION).put("d", docId).put("v", 1).put("seq", 2);
        edit.putArray("op").addObject().put("insert", "W");
        JsonNode ack = writer.request(edit);
        assertThat(ack.has("error")).as("ack %s", ack).isFalse();
        assertThat(ack.path("v").asLong()).isEqualTo(1);
        return docId;
    }

    /** The in-flight op as the client resends it: base version 1, its own src, seq 1. */
    private static ObjectNode op(String docId, String src) {
        ObjectNode op = RawClient.object().put("a", "op").put("c", COLLECTION).put("d", docId).put("v", 1)
                .put("src", src).put("seq", 1);
        op.set("op", RawClient.json("[{\"retain\":5},{\"insert\":\"X\"}]"));
        op.putObject("x");
        return op;
    }

    private RawClient connect() throws Exception {
        RawClient client = RawClient.connect(wsClient, server.actualPort());
        clients.add(client);
        return client;
    }
}
