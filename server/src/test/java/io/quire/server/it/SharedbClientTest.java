package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.server.QuireServer;
import io.quire.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stock sharedb 7 client (with the rich-text type, over the {@code ws} package, exactly as an application
 * uses it) against the real server, in-process on a free loopback port with a fresh data folder. Each script
 * checks its own invariants and prints a JSON summary; see {@code server/src/test/node/README.md}. To rerun one
 * case by hand: start the server, then run the command printed in the failure message.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SharedbClientTest {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final int SEEDS = 5;

    @TempDir
    static Path tempDir;

    private static QuireServer server;
    private static String url;

    @BeforeAll
    static void startServer() throws Exception {
        NodeScripts.requireNode();
        server = new QuireServer();
        server.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(tempDir.resolve("data")))
                .await(30, TimeUnit.SECONDS);
        url = "ws://127.0.0.1:" + server.actualPort() + "/ws";
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop().await(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Seeded random ops (inserts with attributes, embeds, non-BMP text, deletes, formats, replaces) from several
     * clients at once, each composing while its op is in flight: every op is acked, every client reaches the
     * version of a fresh fetch, and every client's document deep-equals it. Seeds are fixed, and the data folder
     * is fresh, so a failure reproduces.
     */
    static Stream<Arguments> concurrentEdits() {
        List<Arguments> cases = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            cases.add(Arguments.of("it-a" + seed, 4, 60, List.of()));
            cases.add(Arguments.of("it-b" + seed, 10, 100, List.of("--max-delay=2")));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "seed {0}: {1} clients x {2} ops {3}")
    @MethodSource
    void concurrentEdits(String seed, int clients, int ops, List<String> flags) throws Exception {
        List<String> args = new ArrayList<>(List.of(url, seed, String.valueOf(clients), String.valueOf(ops)));
        args.addAll(flags);
        JsonNode summary = NodeScripts.runOk(SCRIPT_TIMEOUT, "concurrent-edits.js", args.toArray(String[]::new));

        assertThat(summary.path("clients").asInt()).isEqualTo(clients);
        assertThat(summary.path("ops").asInt()).isEqualTo(clients * ops);
        // The create is version 1; ops composed while one is in flight share a version, so at most one per op.
        assertThat(summary.path("version").asLong()).isBetween(2L, 1L + clients * ops);
        assertThat(summary.path("length").asInt()).isPositive();
        assertThat(summary.path("collection").asText()).isEqualTo("book-" + seed);
    }

    /**
     * The in-flight op resent after a reconnect (same src/seq): applied exactly once whether the first send was
     * committed, its ack was lost, another client committed in between, or the frame never arrived.
     */
    @Test
    void reconnectWithAnOpInFlight() throws Exception {
        JsonNode summary = NodeScripts.runOk(SCRIPT_TIMEOUT, "reconnect-inflight.js", url);

        JsonNode scenarios = summary.path("scenarios");
        assertThat(scenarios).hasSize(4);
        List<String> names = new ArrayList<>();
        for (JsonNode scenario : scenarios) {
            names.add(scenario.path("scenario").asText());
            assertThat(scenario.path("markerCount").asInt()).as("marker count in %s", scenario).isEqualTo(1);
            assertThat(scenario.path("resentFrame").path("seq").asLong())
                    .as("resent seq in %s", scenario)
                    .isEqualTo(scenario.path("firstFrame").path("seq").asLong());
        }
        assertThat(names).containsExactly("drop-after-send", "ack-lost", "ack-lost-behind", "frame-lost");
    }

    /** Presence is transformed by the server to the latest version, replayed to a late joiner, cleared on leave. */
    @Test
    void presenceIsTransformedReplayedAndCleared() throws Exception {
        JsonNode summary = NodeScripts.runOk(SCRIPT_TIMEOUT, "presence.js", url);

        JsonNode cases = summary.path("cases");
        assertThat(cases).hasSize(2);
        assertThat(cases.get(0).path("received").path("p"))
                .isEqualTo(NodeScripts.JSON.createObjectNode().put("index", 8).put("length", 0));
        assertThat(cases.get(1).path("received").path("p"))
                .isEqualTo(NodeScripts.JSON.createObjectNode().put("index", 2).put("length", 4));
        assertThat(summary.path("lateJoiner"))
                .isEqualTo(NodeScripts.JSON.createObjectNode().put("index", 2).put("length", 4));
        assertThat(summary.path("disconnect").path("p").isNull()).as("presence after disconnect is null").isTrue();
    }

    /** Every past version by number and by timestamp; a version past the latest is refused. */
    @Test
    void pastVersionsByNumberAndTime() throws Exception {
        int ops = 15;
        JsonNode summary = NodeScripts.runOk(SCRIPT_TIMEOUT, "past-version.js", url, String.valueOf(ops));

        assertThat(summary.path("ops").asInt()).isEqualTo(ops);
        assertThat(summary.path("version").asInt()).isEqualTo(ops + 1);
        assertThat(summary.path("versionsChecked").asInt()).isEqualTo(ops + 2);
        assertThat(summary.path("timestampsChecked").asInt()).isPositive();
        assertThat(summary.path("pastLatestError").path("code").asText())
                .isEqualTo("ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT");
    }

    /** Bulk subscribe, live ops, bulk unsubscribe and bulk fetch with versions, as the client batches them. */
    @Test
    void bulkSubscribeUnsubscribeAndFetch() throws Exception {
        JsonNode summary = NodeScripts.runOk(SCRIPT_TIMEOUT, "bulk.js", url);

        assertThat(summary.path("docs").asInt()).isEqualTo(3);
        assertThat(summary.path("versions").toString()).isEqualTo("[1,2,2]");
    }

    /** The crash test's typists without a crash: every acked marker is in the document exactly once. */
    @Test
    void typingWithoutCrashKeepsEveryAckedMarker() throws Exception {
        JsonNode summary = NodeScripts.runOk(SCRIPT_TIMEOUT, "typing.js", url, "it-steady", "3", "2", "--rate=20",
                "--verify");

        assertThat(summary.path("acked").asInt()).isPositive();
        assertThat(summary.path("nacked").asInt()).isZero();
        assertThat(summary.path("acked").asInt()).isEqualTo(summary.path("submitted").asInt());
        assertThat(summary.path("verified").path("missingOrDuplicated").asInt()).isZero();
    }
}
