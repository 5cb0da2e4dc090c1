package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The app shell ("Your books" at {@code /} and the book page at {@code /books/BOOK/CHAPTER}) in a real browser
 * against the real server: the web client's {@code test/app-shell.js} drives Debian's Chromium with playwright-core
 * (an owner creates a book, adds, renames and drags chapters and types; an editor joins and sees the text and the
 * owner in "who is here"; a viewer on a phone gets a read-only page without edit controls; the Members dialog makes
 * an invite link; see the script's header) and prints a JSON summary. The server runs in-process in local mode on a
 * free loopback port with a fresh data folder, as in {@link EmbedBrowserTest}; the people are local-mode tokens and
 * become members through the API. Screenshots go to {@code server/target/screenshots}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AppBrowserTest {


    @RegisterExtension
    static final LocalServer server = new LocalServer();

    @BeforeAll
    static void requireBrowser() throws Exception {
        BrowserScripts.requireBrowser();
    }

    @Test
    void anOwnerBuildsABookThatAnEditorAndAViewerOpen() throws Exception {
        JsonNode summary = BrowserScripts.run("app-shell.js", server.baseUrl());

        // The script checked the server's order and contents itself; these restate the outcome.
        assertThat(summary.path("titles").toString()).isEqualTo("[\"The Storm\",\"Arrival\"]");
        assertThat(summary.path("order")).hasSize(2);
        assertThat(summary.path("text").asText()).contains("The keeper lit the lamp at dusk.", "Eddie rowed out.");
        assertThat(summary.path("eddieSaw").toString()).contains("Olivia Owner");
        assertThat(summary.path("members")).hasSize(3);
        assertThat(summary.path("inviteUrl").asText()).startsWith(server.baseUrl() + "/invite/");
        BrowserScripts.assertScreenshots("app-books.png", "app-book-two-people.png", "app-members.png", "app-phone.png",
                "app-phone-sidebar.png");
    }
}
