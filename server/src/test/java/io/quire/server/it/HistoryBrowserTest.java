package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.server.QuireServer;
import io.quire.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embed page's history panel and authorship colours (web client {@code src/history/}) in a real browser against
 * the real server: {@code test/history-panel.js} drives Debian's Chromium with playwright-core (two editors typing in
 * turns, the edit sessions naming both, the version slider, a session's change, a label, a viewer without actions,
 * the authorship colours and legend, a restore seen in both pages and on the server; see the script's header) and
 * prints a JSON summary. The server runs in-process in local mode on a free loopback port with a fresh data folder,
 * as in {@link EmbedBrowserTest}, whose requirements (Chromium, the web client's node_modules) apply here too.
 * Screenshots go to {@code server/target/screenshots}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HistoryBrowserTest {


    @TempDir
    static Path tempDir;

    private static QuireServer server;
    private static String baseUrl;

    @BeforeAll
    static void startServer() throws Exception {
        BrowserScripts.requireBrowser();
        server = new QuireServer();
        server.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(tempDir.resolve("data")))
                .await(30, TimeUnit.SECONDS);
        baseUrl = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void historyPanelScrubsRestoresAndColoursAuthors() throws Exception {
        JsonNode summary = BrowserScripts.run("history-panel.js", baseUrl);

        List<String> sessions = new ArrayList<>();
        summary.path("sessions").forEach(n -> sessions.add(n.asText()));
        assertThat(sessions).contains("Alice", "Bob");
        List<String> legend = new ArrayList<>();
        summary.path("legend").forEach(n -> legend.add(n.asText()));
        assertThat(legend).containsExactlyInAnyOrder("Alice", "Bob");
        assertThat(summary.path("earlierVersion").asInt()).isPositive().isLessThan(summary.path("head").asInt());
        assertThat(summary.path("restoredText").asText()).isEqualTo("Alice opens the chapter.\n");
        BrowserScripts.assertScreenshots("history-panel.png", "history-panel-phone.png", "authorship-colours.png");
    }
}
