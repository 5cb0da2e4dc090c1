package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.QuireServer;
import io.quire.server.config.ServerConfig;
import io.quire.server.metrics.QuireMeters;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} and {@code GET /ready} on the real server: a raw WebSocket client creates a document, edits
 * it (once from a stale base) and sends a bad request; the scrape then shows the acknowledgements, the store's
 * writes, the open document, the session and the error, and names every meter of {@link QuireMeters}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MetricsTest {
    private static final String COLLECTION = "metrics";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    static Path tempDir;
    private static QuireServer server;
    private static Vertx clientVertx;
    /** Kept in a field and closed explicitly: Vert.x closes unreferenced clients, handshakes and all. */
    private static WebSocketClient wsClient;

    @BeforeAll
    static void startServer() throws Exception {
        server = new QuireServer();
        server.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(tempDir.resolve("data")))
                .await(30, TimeUnit.SECONDS);
        clientVertx = Vertx.vertx();
        wsClient = clientVertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(10_000));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (wsClient != null) {
            wsClient.close().await(10, TimeUnit.SECONDS);
        }
        if (clientVertx != null) {
            clientVertx.close().await(30, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.stop().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void readyOnceStarted() throws Exception {
        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(RawClient.json(ready.body()).path("status").asText()).isEqualTo("ready");
        assertThat(get("/health").statusCode()).as("liveness stays").isEqualTo(200);
    }

    @Test
    void theScrapeShowsOpsStoreSessionsAndErrors() throws Exception {
        try (RawClient client = RawClient.connect(wsClient, server.actualPort())) {
            String doc = "counted";
            long seq = 0;
            ObjectNode create = RawClient.object().put("a", "op").put("c", COLLECTION).put("d", doc).put("v", 0)
                    .put("seq", ++seq);
            create.putObject("create").put("type", "http://sharejs.org/types/rich-text/v1")
                    .putObject("data").putArray("ops").addObject().put("insert", "Hello\n");
            assertAcked(client.request(create));
            for (int v = 1; v <= 3; v++) {
                assertAcked(client.request(edit(doc, v, ++seq)));
            }
            // From version 2 while the head is 4: transformed across two ops.
            assertAcked(client.request(edit(doc, 2, ++seq)));
            client.send(RawClient.json("{\"a\":\"zz\",\"c\":\"" + COLLECTION + "\",\"d\":\"x\"}"));
            JsonNode error = client.nextMatching(reply -> reply.path("a").asText().equals("zz"), RawClient.WAIT, null);
            assertThat(error.path("error").path("code").asText()).as("reply %s", error).isEqualTo("ERR_MESSAGE_BADLY_FORMED");

            client.send(RawClient.object().put("a", "s").put("c", COLLECTION).put("d", doc));
            JsonNode subscribed = client.nextMatching(reply -> reply.path("a").asText().equals("s"), RawClient.WAIT, null);
            assertThat(subscribed.path("a").asText()).as("reply %s", subscribed).isEqualTo("s");

            HttpResponse<String> response = get("/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
            String scrape = response.body();

            assertThat(value(scrape, "quire_ops_acknowledged_total", "outcome=\"committed\"")).isGreaterThanOrEqualTo(5);
            assertThat(value(scrape, "quire_op_submit_seconds_count", "")).isGreaterThanOrEqualTo(5);
            assertThat(value(scrape, "quire_op_transform_distance_max", "")).isGreaterThanOrEqualTo(2);
            assertThat(value(scrape, "quire_store_write_seconds_count", "")).isGreaterThanOrEqualTo(1);
            assertThat(value(scrape, "quire_store_batch_ops_sum", "")).isGreaterThanOrEqualTo(5);
            assertThat(value(scrape, "quire_documents_open", "")).isGreaterThanOrEqualTo(1);
            assertThat(value(scrape, "quire_sessions_connected", "")).isGreaterThanOrEqualTo(1);
            // The client subscribed to "counted": at least one document in the bucket of one subscriber.
            assertThat(value(scrape, "quire_documents_by_subscribers", "subscribers=\"1\"")).isGreaterThanOrEqualTo(1);
            assertThat(value(scrape, "quire_sessions_closed_total", "code=\"4401\"")).isZero();
            assertThat(value(scrape, "quire_errors_total", "code=\"ERR_MESSAGE_BADLY_FORMED\"")).isGreaterThanOrEqualTo(1);
            assertThat(value(scrape, "quire_websocket_bytes_total", "direction=\"in\"")).isGreaterThan(0);
            assertThat(value(scrape, "quire_websocket_bytes_total", "direction=\"out\"")).isGreaterThan(0);
            assertThat(value(scrape, "rocksdb_estimate_num_keys", "")).isGreaterThanOrEqualTo(0);
            assertThat(scrape).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "system_cpu_count");
            for (String name : QuireMeters.NAMES) {
                assertThat(scrape).as("meter %s in the scrape", name).contains(name.replace('.', '_').replace('-', '_'));
            }
        }
    }

    private static void assertAcked(JsonNode ack) {
        assertThat(ack.has("error")).as("ack %s", ack).isFalse();
    }

    private static ObjectNode edit(String doc, long v, long seq) {
        ObjectNode edit = RawClient.object().put("a", "op").put("c", COLLECTION).put("d", doc).put("v", v).put("seq", seq);
        edit.putArray("op").addObject().put("insert", "x");
        return edit;
    }

    /** The sum of the samples of {@code metric} whose labels contain {@code label}; fails if there are none. */
    private static double value(String scrape, String metric, String label) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                int space = line.lastIndexOf(' ');
                if (line.substring(0, space).contains(label)) {
                    sum += Double.parseDouble(line.substring(space + 1));
                    found = true;
                }
            }
        }
        assertThat(found).as("a sample of %s{%s} in the scrape", metric, label).isTrue();
        return sum;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
