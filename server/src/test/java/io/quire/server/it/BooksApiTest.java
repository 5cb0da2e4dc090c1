package io.quire.server.it;

import static io.quire.server.it.Api.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.auth.TokenService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The books API through the real server in secured mode: who may do what (each action tried by every role, and by
 * someone outside the book), tokens good and bad, API keys, invites, members, book-wide versions, and malformed
 * requests. Every refusal must leave the book as it was.
 */
class BooksApiTest {
    static final String SECRET = "a-test-secret-that-is-long-enough-0123456789";

    @RegisterExtension
    static final SecuredServer server = new SecuredServer(SECRET);

    Api owner;
    Api editor;
    Api commenter;
    Api viewer;
    Api outsider;
    String book;


    static Api as(String user) {
        return server.as(user);
    }

    /** A fresh book with one member of each role, and users of their own, so tests do not share state. */
    @BeforeEach
    void book() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        owner = as("owner-" + run);
        editor = as("editor-" + run);
        commenter = as("commenter-" + run);
        viewer = as("viewer-" + run);
        outsider = as("outsider-" + run);
        book = owner.post("/books", object().put("title", "Field Notes " + run)).ok().path("id").asText();
        for (String role : List.of("editor", "commenter", "viewer")) {
            owner.post("/books/" + book + "/members", object().put("userId", role + "-" + run).put("role", role)).ok();
        }
        owner.post("/books/" + book + "/chapters", object().put("id", "one").put("title", "One")
                .set("content", NodeScripts.JSON.createObjectNode().set("ops", NodeScripts.JSON.createArrayNode()
                        .add(object().put("insert", "Hello world\n"))))).ok();
    }

    static void assertError(Api.Reply reply, int status, String code, String... words) {
        assertThat(reply.status()).as("%s", reply.raw()).isEqualTo(status);
        assertThat(reply.body().path("error").path("status").asInt()).isEqualTo(status);
        assertThat(reply.body().path("error").path("code").asText()).isEqualTo(code);
        for (String word : words) {
            assertThat(reply.body().path("error").path("message").asText()).contains(word);
        }
    }

    // =====================================================================================================

    @Nested
    class Roles {
        /** One API action: what it needs, and how to try it (a fresh target each time, as it may change things). */
        record Action(String name, String least, Function<Api, Api.Reply> attempt) {
        }

        List<Action> actions() {
            String b = "/books/" + book;
            List<Action> list = new ArrayList<>();
            list.add(new Action("open the book", "viewer", api -> api.get(b)));
            list.add(new Action("list chapters", "viewer", api -> api.get(b + "/chapters")));
            list.add(new Action("list members", "viewer", api -> api.get(b + "/members")));
            list.add(new Action("read history", "viewer", api -> api.get(b + "/chapters/one/revisions")));
            list.add(new Action("list versions", "viewer", api -> api.get(b + "/versions")));
            list.add(new Action("add a chapter", "editor", api -> api.post(b + "/chapters", object().put("title", "New"))));
            list.add(new Action("rename a chapter", "editor", api -> api.patch(b + "/chapters/one", object().put("title", "Uno"))));
            list.add(new Action("reorder chapters", "editor", api -> api.put(b + "/chapter-order",
                    object().set("order", NodeScripts.JSON.valueToTree(ids(owner.get(b + "/chapters").ok()))))));
            list.add(new Action("label a version", "editor", api -> api.post(b + "/versions",
                    object().put("name", "v-" + UUID.randomUUID()))));
            list.add(new Action("restore a chapter", "editor", api -> api.post(b + "/chapters/one/restore",
                    object().put("version", 1))));
            list.add(new Action("rename the book", "owner", api -> api.patch(b, object().put("title", "Renamed"))));
            list.add(new Action("delete a chapter", "owner", api -> {
                String id = owner.post(b + "/chapters", object().put("title", "Doomed")).ok().path("id").asText();
                return api.delete(b + "/chapters/" + id);
            }));
            list.add(new Action("add a member", "owner", api -> api.post(b + "/members",
                    object().put("userId", "new-" + UUID.randomUUID()).put("role", "viewer"))));
            list.add(new Action("see invites", "owner", api -> api.get(b + "/invites")));
            list.add(new Action("invite", "owner", api -> api.post(b + "/invites", object().put("role", "viewer"))));
            list.add(new Action("see API keys", "owner", api -> api.get(b + "/api-keys")));
            list.add(new Action("make an API key", "owner", api -> api.post(b + "/api-keys",
                    object().put("name", "ci").put("role", "viewer"))));
            list.add(new Action("see webhooks", "owner", api -> api.get(b + "/webhooks")));
            return list;
        }

        @Test
        void eachActionIsAllowedFromItsRoleUpAndRefusedBelowIt() {
            List<String> order = List.of("viewer", "commenter", "editor", "owner");
            for (Action action : actions()) {
                for (String role : order) {
                    Api api = switch (role) {
                        case "viewer" -> viewer;
                        case "commenter" -> commenter;
                        case "editor" -> editor;
                        default -> owner;
                    };
                    Api.Reply reply = action.attempt().apply(api);
                    if (order.indexOf(role) >= order.indexOf(action.least())) {
                        assertThat(reply.status()).as("%s may %s: %s", role, action.name(), reply.raw()).isBetween(200, 299);
                    } else {
                        assertError(reply, 403, "FORBIDDEN", action.least());
                    }
                }
                assertError(action.attempt().apply(outsider), 404, "NOT_FOUND", book);
            }
        }

        @Test
        void refusedChangesLeaveTheBookAsItWas() {
            JsonNode before = owner.get("/books/" + book).ok();
            assertError(viewer.patch("/books/" + book, object().put("title", "Mine now")), 403, "FORBIDDEN");
            assertError(editor.delete("/books/" + book + "/chapters/one"), 403, "FORBIDDEN");
            assertError(outsider.post("/books/" + book + "/chapters", object().put("title", "Sneaky")), 404, "NOT_FOUND");
            assertError(commenter.post("/books/" + book + "/members", object().put("userId", "friend").put("role", "owner")),
                    403, "FORBIDDEN");
            assertThat(owner.get("/books/" + book).ok()).isEqualTo(before);
        }

        @Test
        void theBookListShowsOnlyMyBooksWithMyRole() {
            JsonNode mine = viewer.get("/books").ok().path("books");
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).path("id").asText()).isEqualTo(book);
            assertThat(mine.get(0).path("myRole").asText()).isEqualTo("viewer");
            assertThat(outsider.get("/books").ok().path("books")).isEmpty();
        }
    }

    // =====================================================================================================

    @Nested
    class Tokens {
        @Test
        void noTokenIsRefusedWithAnActionableMessage() {
            assertError(new Api(server.port(), null).get("/books"), 401, "UNAUTHENTICATED", "token");
        }

        @Test
        void anExpiredTokenIsRefused() {
            String expired = JWT.create().withSubject("late").withExpiresAt(Instant.now().minusSeconds(60))
                    .sign(Algorithm.HMAC256(SECRET));
            assertError(owner.as(expired).get("/books"), 401, "UNAUTHENTICATED", "expired");
        }

        @Test
        void forgedAndMalformedTokensAreRefused() {
            String forged = new TokenService("another-secret-that-is-long-enough-0123456789")
                    .issue(ownerId(), "Mallory", Duration.ofHours(1));
            assertError(owner.as(forged).get("/books/" + book), 401, "UNAUTHENTICATED", "signature");
            assertError(owner.as("not.a.jwt").get("/books"), 401, "UNAUTHENTICATED");
            String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
            String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"sub\":\"" + ownerId() + "\"}").getBytes());
            assertError(owner.as(header + "." + payload + ".").get("/books/" + book), 401, "UNAUTHENTICATED");
            assertError(owner.as(null).send("GET", "/books", null, null, "Authorization", "Basic YWRtaW46YWRtaW4="), 401,
                    "UNAUTHENTICATED", "Bearer");
        }

        @Test
        void theTokensSubjectIsWhoIAm() {
            JsonNode me = editor.get("/me").ok();
            assertThat(me.path("userId").asText()).startsWith("editor-");
            assertThat(me.path("kind").asText()).isEqualTo("user");
            assertThat(me.path("mode").asText()).isEqualTo("secured");
            assertError(editor.post("/local-tokens", object().put("userId", "x")), 404, "NOT_FOUND", "local mode");
        }

        private String ownerId() {
            return owner.get("/me").ok().path("userId").asText();
        }
    }

    // =====================================================================================================

    @Nested
    class ApiKeys {
        @Test
        void aKeyActsInItsBookWithItsRoleAndNowhereElse() {
            JsonNode created = owner.post("/books/" + book + "/api-keys", object().put("name", "importer").put("role", "editor")).ok();
            String key = created.path("key").asText();
            assertThat(key).startsWith("qk_");
            Api app = owner.as(key);
            assertThat(app.get("/me").ok().path("kind").asText()).isEqualTo("api_key");
            assertThat(app.post("/books/" + book + "/chapters", object().put("title", "Imported")).status()).isEqualTo(201);
            assertError(app.patch("/books/" + book, object().put("title", "x")), 403, "FORBIDDEN");
            assertError(app.post("/books", object().put("title", "Another")), 403, "FORBIDDEN", "API key");

            String other = outsider.post("/books", object().put("title", "Elsewhere")).ok().path("id").asText();
            assertError(app.get("/books/" + other), 404, "NOT_FOUND");

            // The list never shows the secret again.
            JsonNode listed = owner.get("/books/" + book + "/api-keys").ok().path("apiKeys");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).has("key")).isFalse();
            assertThat(listed.toString()).doesNotContain(key.substring(16));

            owner.delete("/books/" + book + "/api-keys/" + created.path("id").asText());
            assertError(app.get("/books/" + book), 401, "UNAUTHENTICATED", "revoked");
        }

        @Test
        void aKeyWithAWrongSecretOrShapeIsRefused() {
            String key = owner.post("/books/" + book + "/api-keys", object().put("name", "x").put("role", "viewer")).ok()
                    .path("key").asText();
            String wrong = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
            assertError(owner.as(wrong).get("/books/" + book), 401, "UNAUTHENTICATED");
            assertError(owner.as("qk_short").get("/books/" + book), 401, "UNAUTHENTICATED", "malformed");
        }
    }

    // =====================================================================================================

    @Nested
    class InvitesAndMembers {
        @Test
        void anInviteMakesWhoeverAcceptsItAMemberUntilItIsUsedUp() {
            JsonNode invite = owner.post("/books/" + book + "/invites", object().put("role", "commenter").put("maxUses", 1)).ok();
            assertThat(invite.path("url").asText()).endsWith("/invite/" + invite.path("token").asText());
            Api newcomer = as("newcomer-" + UUID.randomUUID());
            assertError(newcomer.get("/books/" + book), 404, "NOT_FOUND");
            JsonNode preview = newcomer.get("/invites/" + invite.path("token").asText()).ok();
            assertThat(preview.path("bookId").asText()).isEqualTo(book);
            assertThat(preview.path("role").asText()).isEqualTo("commenter");
            assertThat(preview.path("usable").asBoolean()).isTrue();
            JsonNode joined = newcomer.post("/invites/" + invite.path("token").asText() + "/accept", null).ok();
            assertThat(joined.path("myRole").asText()).isEqualTo("commenter");
            assertThat(newcomer.get("/books/" + book).ok().path("myRole").asText()).isEqualTo("commenter");

            Api late = as("late-" + UUID.randomUUID());
            assertError(late.post("/invites/" + invite.path("token").asText() + "/accept", null), 409, "CONFLICT", "used up");
            assertThat(late.get("/invites/" + invite.path("token").asText()).ok().path("usable").asBoolean()).isFalse();
            assertError(late.get("/books/" + book), 404, "NOT_FOUND");
        }

        @Test
        void aRevokedOrUnknownInviteIsNotFound() {
            String token = owner.post("/books/" + book + "/invites", object().put("role", "viewer")).ok().path("token").asText();
            owner.delete("/books/" + book + "/invites/" + token);
            assertError(as("someone").post("/invites/" + token + "/accept", null), 404, "NOT_FOUND");
            assertError(as("someone").post("/invites/nonsense/accept", null), 404, "NOT_FOUND");
        }

        @Test
        void acceptingKeepsAHigherRole() {
            String token = owner.post("/books/" + book + "/invites", object().put("role", "viewer")).ok().path("token").asText();
            assertThat(editor.post("/invites/" + token + "/accept", null).ok().path("myRole").asText()).isEqualTo("editor");
        }

        @Test
        void theLastOwnerCannotLeaveOrBeDemotedAndAMemberCanLeave() {
            String ownerId = owner.get("/me").ok().path("userId").asText();
            assertError(owner.patch("/books/" + book + "/members/" + ownerId, object().put("role", "editor")), 409,
                    "CONFLICT", "only owner");
            assertError(owner.delete("/books/" + book + "/members/" + ownerId), 409, "CONFLICT", "only owner");
            String viewerId = viewer.get("/me").ok().path("userId").asText();
            assertThat(viewer.delete("/books/" + book + "/members/" + viewerId).status()).isEqualTo(204);
            assertError(viewer.get("/books/" + book), 404, "NOT_FOUND");
        }

        @Test
        void roleChangesApplyToTheNextRequest() {
            String editorId = editor.get("/me").ok().path("userId").asText();
            owner.patch("/books/" + book + "/members/" + editorId, object().put("role", "viewer")).ok();
            assertError(editor.post("/books/" + book + "/chapters", object().put("title", "x")), 403, "FORBIDDEN");
            owner.delete("/books/" + book + "/members/" + editorId);
            assertError(editor.get("/books/" + book), 404, "NOT_FOUND");
        }
    }

    // =====================================================================================================

    @Nested
    class BookVersions {
        @Test
        void aLabelCapturesEveryChapterAndRestoreBringsTheBookBack() {
            String b = "/books/" + book;
            owner.post(b + "/chapters", object().put("id", "two").put("title", "Two")).ok();
            JsonNode label = editor.post(b + "/versions", object().put("name", "first draft")).ok();
            assertThat(label.path("chapters")).hasSize(2);

            // After the label: one chapter edited, one deleted, one added, one renamed.
            long version = owner.get(b + "/chapters/one/revisions?group=ops").ok().path("revisions").get(0).path("version").asLong() + 1;
            ObjectNode edit = object().put("version", version);
            edit.set("ops", NodeScripts.JSON.createArrayNode().add(object().put("retain", 6)).add(object().put("delete", 5))
                    .add(object().put("insert", "there")));
            editor.post(b + "/chapters/one/ops", edit).ok();
            owner.delete(b + "/chapters/two");
            owner.post(b + "/chapters", object().put("id", "three").put("title", "Three")).ok();
            editor.patch(b + "/chapters/one", object().put("title", "Chapter One")).ok();

            JsonNode then = viewer.get(b + "/versions/first%20draft").ok();
            assertThat(then.path("chapters").get(0).path("content").path("ops").get(0).path("insert").asText())
                    .isEqualTo("Hello world\n");

            JsonNode restored = editor.post(b + "/versions/first%20draft/restore", null).ok();
            assertThat(restored.path("restored").toString()).contains("one");
            assertThat(restored.path("recreated").toString()).contains("two");
            assertThat(restored.path("kept").toString()).contains("three");
            assertThat(ids(owner.get(b + "/chapters").ok())).containsExactly("one", "two", "three");
            assertThat(owner.get(b + "/chapters").ok().path("chapters").get(0).path("title").asText()).isEqualTo("One");
            assertThat(owner.get(b + "/chapters/one/content?format=text").raw()).isEqualTo("Hello world\n");
            assertThat(owner.get(b + "/chapters/two/content?format=text").raw()).isEqualTo("\n");
        }

        @Test
        void aLabelNameIsUsedOnceAndUnknownOnesAreNotFound() {
            String b = "/books/" + book;
            editor.post(b + "/versions", object().put("name", "v1")).ok();
            assertError(editor.post(b + "/versions", object().put("name", "v1")), 409, "CONFLICT", "v1");
            assertError(viewer.get(b + "/versions/v2"), 404, "NOT_FOUND", "v2");
            assertError(editor.post(b + "/versions/v2/restore", null), 404, "NOT_FOUND", "v2");
        }
    }

    // =====================================================================================================

    @Nested
    class BadRequests {
        @Test
        void malformedBodiesGetAClearJsonError() {
            String b = "/books/" + book;
            assertError(owner.send("POST", "/books", "application/json", "{not json"), 400, "BAD_REQUEST", "JSON");
            assertError(owner.send("POST", "/books", "application/json", "[1,2]"), 400, "BAD_REQUEST", "object");
            assertError(owner.post("/books", object()), 400, "BAD_REQUEST", "title");
            assertError(owner.post("/books", object().put("title", "   ")), 400, "BAD_REQUEST", "empty");
            assertError(owner.post("/books", object().put("title", "x".repeat(201))), 400, "BAD_REQUEST", "200");
            assertError(owner.post("/books", object().put("title", "ok").put("id", "no/slash")), 400, "BAD_REQUEST", "book id");
            assertError(owner.post(b + "/members", object().put("userId", "x").put("role", "emperor")), 400, "BAD_REQUEST", "role");
            assertError(owner.post(b + "/members", object().put("userId", "x")), 400, "BAD_REQUEST", "role");
            assertError(owner.post(b + "/chapters", object().put("title", "t").put("content", "text?")), 400, "BAD_REQUEST", "Delta");
            ObjectNode notADocument = object().put("title", "t");
            notADocument.set("content", NodeScripts.JSON.createArrayNode().add(object().put("retain", 3)));
            assertError(owner.post(b + "/chapters", notADocument), 400, "BAD_REQUEST", "inserts only");
            assertError(owner.put(b + "/chapter-order", object().set("order", NodeScripts.JSON.createArrayNode().add("one").add("one"))),
                    400, "BAD_REQUEST", "exactly once");
            assertError(owner.post(b + "/webhooks", object().put("url", "ftp://example.com/x")), 400, "BAD_REQUEST", "http");
            for (String inside : List.of("http://127.0.0.1:8080/admin", "http://169.254.169.254/latest/meta-data",
                    "http://10.1.2.3/x", "http://[::1]/x", "http://localhost/x")) {
                assertError(owner.post(b + "/webhooks", object().put("url", inside)), 400, "BAD_REQUEST", "private address");
            }
            assertThat(owner.get(b + "/webhooks").ok().path("webhooks")).isEmpty();
            assertError(owner.post(b + "/invites", object().put("role", "viewer").put("maxUses", -1)), 400, "BAD_REQUEST");
            assertError(owner.post(b + "/chapters", object().put("title", "Dup").put("id", "one")), 409, "CONFLICT", "one");
            assertError(owner.patch(b + "/chapters/one", object().put("title", "Renamed").put("position", 1L << 40)), 400,
                    "BAD_REQUEST", "position");
            assertThat(owner.get(b + "/chapters").ok().path("chapters").get(0).path("title").asText()).isEqualTo("One");
            assertError(owner.post(b + "/invites", object().put("role", "viewer").put("expiresInHours", Long.MAX_VALUE / 2)),
                    400, "BAD_REQUEST", "expiresInHours");
            assertThat(ids(owner.get(b + "/chapters").ok())).containsExactly("one");
        }

        @Test
        void unknownRoutesAndMethodsAnswerJson() {
            assertError(owner.get("/nothing-here"), 404, "NOT_FOUND", "/api/v1/nothing-here");
            assertError(owner.get("/books/" + book + "/chapters/none/content"), 404, "NOT_FOUND", "none");
            assertError(owner.get("/books/no-such-book"), 404, "NOT_FOUND");
        }

        @Test
        void anOversizedBodyIsRefused() {
            String big = "{\"title\":\"" + "x".repeat(9 * 1024 * 1024) + "\"}";
            Api.Reply reply = owner.send("POST", "/books", "application/json", big);
            assertThat(reply.status()).isEqualTo(413);
            assertThat(owner.get("/books").ok().path("books")).hasSize(1);
        }
    }

    static List<String> ids(JsonNode chapters) {
        List<String> ids = new ArrayList<>();
        chapters.path("chapters").forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }
}
