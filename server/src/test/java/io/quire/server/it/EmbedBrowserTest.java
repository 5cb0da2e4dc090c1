package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embed page ({@code /embed/testbook/ch1}) in a real browser against the real server: the web client's
 * {@code test/embed-two-cursors.js} drives Debian's Chromium with playwright-core (two people typing at once, their
 * cursors, the server's copy, an offline spell, an edit the server refuses; see the script's header) and prints a JSON
 * summary. The server runs in-process on a free loopback port with a fresh data folder, serving the web client from
 * the test classpath (the quire-web-client jar) exactly as the server jar does. Real book roles in the page (a viewer,
 * a commenter, someone outside the book) are {@link InviteBrowserTest}'s, against a secured server.
 *
 * <p>Needs what CI installs ({@code .ci/run}): Chromium at {@code /usr/bin/chromium} (or {@code -Dquire.chromium=PATH})
 * and the web client's {@code node_modules} ({@code npm ci}, which the web-client module's build runs). Missing
 * either fails the test rather than skipping it. Screenshots go to {@code server/target/screenshots}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EmbedBrowserTest {


    @RegisterExtension
    static final LocalServer server = new LocalServer();

    @BeforeAll
    static void requireBrowser() throws Exception {
        BrowserScripts.requireBrowser();
    }

    @Test
    void twoPeopleTypeInTheEmbedPageAndSeeEachOthersCursors() throws Exception {
        JsonNode summary = BrowserScripts.run("embed-two-cursors.js", server.baseUrl());

        String text = summary.path("text").asText();
        assertThat(text).contains("Alice writes the opening line.", "Alice adds a second sentence.",
                "Bob was here first.", "Typed while offline.");
        assertThat(summary.path("names")).hasSize(2);
        assertThat(summary.path("cursors").path("bobOnAlice").path("index").isInt()).isTrue();
        assertThat(summary.path("cursors").path("aliceOnBob").path("index").isInt()).isTrue();
        BrowserScripts.assertScreenshots("embed-two-cursors.png", "embed-two-cursors-phone.png");
    }
}
