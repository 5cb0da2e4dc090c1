package io.quire.server.it;

import static io.quire.server.it.Api.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Invites and book roles in a real browser against the real server in secured mode. The owner makes a book through
 * the REST API (two chapters, the first with text), adds a viewer and creates a commenter invite; the web client's
 * {@code test/invite-and-roles.js} then drives Debian's Chromium with playwright-core as four people, each with a
 * token of their own: a newcomer who follows the invite link and lands read-only on the first chapter, a viewer who
 * watches the owner type (and sees the owner's named cursor), the owner, and an outsider whom the server refuses
 * (see the script's header). Afterwards the server must hold the owner's words and nobody else's, and the newcomer
 * must be a commenter of the book.
 *
 * <p>Needs what {@link EmbedBrowserTest} needs: Chromium at {@code /usr/bin/chromium} (or {@code -Dquire.chromium})
 * and the web client's {@code node_modules}. Screenshots go to {@code server/target/screenshots}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class InviteBrowserTest {

    private static final String SECRET = "invite-browser-test-secret-0123456789abcdef";

    private static final String BOOK = "lighthouse";
    private static final String TITLE = "The Lighthouse Keeper";
    private static final String CHAPTER = "dusk";
    private static final String CHAPTER_TEXT = "The keeper lit the lamp at dusk and watched the ships come in.\n";

    @TempDir
    static Path tempDir;

    @RegisterExtension
    static final SecuredServer server = new SecuredServer(SECRET);

    @BeforeAll
    static void startServer() throws Exception {
        BrowserScripts.requireBrowser();
    }

    @Test
    void aNewcomerJoinsByInviteAndEachRoleSeesWhatItMay() throws Exception {
        Map<String, ObjectNode> users = Map.of(
                "owner", user("u-olivia", "Olivia Owner"),
                "newcomer", user("u-nina", "Nina Newcomer"),
                "viewer", user("u-victor", "Victor Viewer"),
                "outsider", user("u-oscar", "Oscar Outsider"));
        Api owner = new Api(server.port(), users.get("owner").path("token").asText());

        owner.post("/books", object().put("title", TITLE).put("id", BOOK)).ok();
        ObjectNode chapter = object().put("title", "Dusk").put("id", CHAPTER);
        chapter.putObject("content").putArray("ops").addObject().put("insert", CHAPTER_TEXT);
        owner.post("/books/" + BOOK + "/chapters", chapter).ok();
        owner.post("/books/" + BOOK + "/chapters", object().put("title", "Night").put("id", "night")).ok();
        owner.post("/books/" + BOOK + "/members", object().put("userId", "u-victor").put("role", "viewer")
                .put("displayName", "Victor Viewer")).ok();
        String invite = owner.post("/books/" + BOOK + "/invites", object().put("role", "commenter").put("maxUses", 1))
                .ok().path("token").asText();

        ObjectNode setup = object().put("book", BOOK).put("bookTitle", TITLE).put("chapter", CHAPTER)
                .put("chapterText", CHAPTER_TEXT).put("invite", invite).put("inviteRole", "commenter");
        users.forEach(setup.putObject("users")::set);
        Path setupFile = tempDir.resolve("invite-and-roles.json");
        Files.writeString(setupFile, setup.toString());

        JsonNode summary = BrowserScripts.run("invite-and-roles.js", "http://127.0.0.1:" + server.port(), "--setup=" + setupFile);

        // What the pages showed, as the script read it.
        assertThat(summary.path("invitation").asText()).contains(TITLE, "commenter");
        assertThat(summary.path("newcomer").path("role").asText()).isEqualTo("commenter");
        assertThat(summary.path("newcomer").path("url").asText()).contains("/embed/" + BOOK + "/" + CHAPTER + "?token=");
        assertThat(summary.path("viewer").path("ownerCursor").path("label").asText()).isEqualTo("Olivia Owner");
        assertThat(summary.path("viewer").path("cursorsShown").toString()).isEqualTo("[\"Nina Newcomer\",\"Olivia Owner\"]");
        assertThat(summary.path("owner").path("cursorsShown").toString()).isEqualTo("[\"Nina Newcomer\"]");
        assertThat(summary.path("viewer").path("notStarted").asText()).contains("not been started");
        assertThat(summary.path("outsider").path("notice").asText())
                .contains("could not be opened", "Oscar Outsider is not a member of book \"" + BOOK + "\"");
        assertThat(summary.path("outsider").path("editable").asBoolean(true)).isFalse();
        String unknownInvite = owner.as(users.get("newcomer").path("token").asText()).get("/invites/nonsense")
                .body().path("error").path("message").asText();
        assertThat(summary.path("badInvite").path("message").asText()).isNotBlank().isEqualTo(unknownInvite);

        // What the server holds afterwards: the owner's words only; the newcomer a commenter; the invite used up.
        String text = owner.get("/books/" + BOOK + "/chapters/" + CHAPTER + "/content?format=text").raw();
        assertThat(text).isEqualTo(summary.path("text").asText())
                .startsWith(CHAPTER_TEXT.strip())
                .contains("Olivia adds a line while Victor watches.")
                .doesNotContain("Nina", "Victor cannot");
        JsonNode members = owner.get("/books/" + BOOK + "/members").ok();
        assertThat(members.toString()).contains("\"u-nina\"");
        JsonNode book = owner.as(users.get("newcomer").path("token").asText()).get("/books/" + BOOK).ok();
        assertThat(book.path("myRole").asText()).isEqualTo("commenter");
        assertThat(owner.get("/invites/" + invite).ok().path("usable").asBoolean(true)).isFalse();
        assertThat(owner.get("/books/" + BOOK + "/chapters").ok().path("chapters").findValuesAsText("id"))
                .containsExactly(CHAPTER, "night");

        BrowserScripts.assertScreenshots("invite-page.png", "invite-read-only.png", "roles-viewer-live.png",
                "roles-outsider.png");
    }

    /** {userId, displayName, token}: a token signed with the server's secret, valid for an hour. */
    private static ObjectNode user(String userId, String displayName) {
        return object().put("userId", userId).put("displayName", displayName)
                .put("token", server.tokens().issue(userId, displayName, Duration.ofHours(1)));
    }
}
