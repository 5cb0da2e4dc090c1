package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

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


    @RegisterExtension
    static final LocalServer server = new LocalServer();

    @BeforeAll
    static void requireBrowser() throws Exception {
        BrowserScripts.requireBrowser();
    }

    @Test
    void historyPanelScrubsRestoresAndColoursAuthors() throws Exception {
        JsonNode summary = BrowserScripts.run("history-panel.js", server.baseUrl());

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
