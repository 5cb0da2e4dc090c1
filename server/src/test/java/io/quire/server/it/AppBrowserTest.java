package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.server.QuireServer;
import io.quire.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration GRACE = Duration.ofSeconds(20);

    @TempDir
    static Path tempDir;

    private static QuireServer server;
    private static String baseUrl;

    @BeforeAll
    static void startServer() throws Exception {
        NodeScripts.requireNode();
        assertThat(chromium())
                .withFailMessage("Chromium is needed for the browser test and is not at %s: apt-get install -y chromium "
                        + "(or pass -Dquire.chromium=/path/to/chromium)", chromium())
                .isExecutable();
        assertThat(webClientDir().resolve("node_modules/playwright-core/package.json"))
                .withFailMessage("the web client's modules are not installed: run (cd %s && npm ci), or the Maven build "
                        + "without -Dskip.npm.ci", webClientDir())
                .isRegularFile();
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
    void anOwnerBuildsABookThatAnEditorAndAViewerOpen() throws Exception {
        Path screenshots = Path.of(System.getProperty("quire.screenshots.dir", "target/screenshots")).toAbsolutePath();
        List<String> command = List.of(NodeScripts.node(), "test/app-shell.js", baseUrl,
                "--screenshots=" + screenshots, "--chromium=" + chromium(), "--timeout=" + SCRIPT_TIMEOUT.toSeconds());
        JsonNode summary;
        try (ChildProcess script = ChildProcess.start("app-shell.js", command, webClientDir(), null)) {
            summary = NodeScripts.awaitOk(script, SCRIPT_TIMEOUT.plus(GRACE));
            System.out.println(script.stderr().strip());
        }

        // The script checked the server's order and contents itself; these restate the outcome.
        assertThat(summary.path("titles").toString()).isEqualTo("[\"The Storm\",\"Arrival\"]");
        assertThat(summary.path("order")).hasSize(2);
        assertThat(summary.path("text").asText()).contains("The keeper lit the lamp at dusk.", "Eddie rowed out.");
        assertThat(summary.path("eddieSaw").toString()).contains("Olivia Owner");
        assertThat(summary.path("members")).hasSize(3);
        assertThat(summary.path("inviteUrl").asText()).startsWith(baseUrl + "/invite/");
        for (String name : List.of("app-books.png", "app-book-two-people.png", "app-members.png", "app-phone.png",
                "app-phone-sidebar.png")) {
            assertThat(screenshots.resolve(name)).isRegularFile();
            assertThat(Files.size(screenshots.resolve(name))).isPositive();
        }
    }

    private static Path chromium() {
        return Path.of(System.getProperty("quire.chromium", "/usr/bin/chromium"));
    }

    /** The web-client folder (system property quire.webclient.dir, set by server/pom.xml), else ../web-client. */
    private static Path webClientDir() {
        return Path.of(System.getProperty("quire.webclient.dir", "../web-client")).toAbsolutePath().normalize();
    }
}
