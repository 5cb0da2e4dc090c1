package io.quire.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static io.quire.server.it.Api.object;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/admin/compact} through the real server in secured mode: who may compact what, how a bad
 * request is refused, and that a book owner's compaction leaves the chapter reading the same.
 */
class CompactionApiTest {
    private static final String SECRET = "compaction-test-secret-of-at-least-32-chars";

    @RegisterExtension
    static final SecuredServer server = new SecuredServer(SECRET);


    static void assertError(Api.Reply reply, int status, String code, String... words) {
        assertThat(reply.status()).as("%s", reply.raw()).isEqualTo(status);
        assertThat(reply.body().path("error").path("status").asInt()).isEqualTo(status);
        assertThat(reply.body().path("error").path("code").asText()).isEqualTo(code);
        for (String word : words) {
            assertThat(reply.body().path("error").path("message").asText()).contains(word);
        }
    }

    private static ObjectNode olderThan(Object value) {
        ObjectNode body = object();
        if (value instanceof Integer n) {
            body.put("olderThan", n);
        } else if (value instanceof Double d) {
            body.put("olderThan", d);
        } else {
            body.put("olderThan", (String) value);
        }
        return body;
    }

    /** A book of one chapter typed a character at a time by its owner; returns the chapter's path. */
    private static String bookTypedBy(Api owner, String bookId, int keystrokes) {
        owner.post("/books", object().put("id", bookId).put("title", "Compacted")).ok();
        ObjectNode content = object();
        content.putArray("ops").add(object().put("insert", "Once\n"));
        owner.post("/books/" + bookId + "/chapters", object().put("id", "one").put("title", "One").set("content", content)).ok();
        String chapter = "/books/" + bookId + "/chapters/one";
        for (int v = 1; v <= keystrokes; v++) {
            ObjectNode edit = object().put("version", v);
            edit.putArray("ops").add(object().put("retain", 3 + v)).add(object().put("insert", "!"));
            owner.post(chapter + "/ops", edit).ok();
        }
        return chapter;
    }

    @Test
    void onlyTheAdminCompactsTheWholeServerAndOnlyOwnersTheirBook() {
        Api owner = server.as("olga");
        bookTypedBy(owner, "owned", 2);
        owner.post("/books/owned/members", object().put("userId", "eddie").put("role", "editor")).ok();

        assertError(owner.post("/admin/compact", olderThan("P30D")), 403, "FORBIDDEN", "admin");
        assertError(server.as("eddie").post("/admin/compact", olderThan("P30D").put("book", "owned")), 403, "FORBIDDEN", "owner");
        assertError(server.as("stranger").post("/admin/compact", olderThan("P30D").put("book", "owned")), 404, "NOT_FOUND");
        assertError(owner.post("/admin/compact", olderThan("P30D").put("book", "owned").put("chapter", "nope")), 404, "NOT_FOUND");
        Api.Reply mine = owner.post("/admin/compact", olderThan("P30D").put("book", "owned"));
        assertThat(mine.status()).as(mine.raw()).isEqualTo(200);
        assertThat(mine.body().path("documents").asLong()).isEqualTo(1);
        assertThat(mine.body().path("opsFolded").asLong()).as("nothing is 30 days old").isZero();
    }

    @Test
    void aBadOlderThanIsRefusedWithTheErrorShape() {
        Api owner = server.as("bea");
        bookTypedBy(owner, "bad-requests", 1);
        for (ObjectNode body : new ObjectNode[] {object(), olderThan("30 days"), olderThan("P1M"), olderThan(0), olderThan(-5),
                olderThan(1.5), olderThan("-P1D"), olderThan("P99999999D"), object().put("olderThan", true)}) {
            assertError(owner.post("/admin/compact", body.put("book", "bad-requests")), 400, "BAD_REQUEST", "olderThan");
        }
        assertError(owner.post("/admin/compact", olderThan(60).put("chapter", "one")), 400, "BAD_REQUEST", "book");
        assertError(owner.send("POST", "/admin/compact", "application/json", "not json"), 400, "BAD_REQUEST");
    }

    @Test
    void anOwnersCompactionFoldsOldKeystrokesAndTheChapterReadsTheSame() throws Exception {
        Api owner = server.as("cleo");
        String chapter = bookTypedBy(owner, "typed", 12);
        JsonNode headBefore = owner.get(chapter + "/versions/13").ok();
        JsonNode blameBefore = owner.get(chapter + "/blame").ok();
        JsonNode authorsBefore = owner.get(chapter + "/authors").ok();
        Thread.sleep(1_100);

        Api.Reply reply = owner.post("/admin/compact", olderThan(1).put("book", "typed").put("chapter", "one"));

        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        assertThat(reply.body().path("documents").asLong()).isEqualTo(1);
        assertThat(reply.body().path("opsFolded").asLong()).as("the 12 keystrokes after the create").isEqualTo(12);
        assertThat(reply.body().path("entriesWritten").asLong()).isEqualTo(1);
        assertThat(reply.body().path("bytesAfter").asLong()).isLessThan(reply.body().path("bytesBefore").asLong());
        assertThat(reply.body().path("skipped").size()).isZero();

        assertThat(owner.get(chapter + "/versions/13").ok()).isEqualTo(headBefore);
        assertThat(owner.get(chapter + "/blame").ok()).isEqualTo(blameBefore);
        assertThat(owner.get(chapter + "/authors").ok()).isEqualTo(authorsBefore);
        assertThat(owner.get(chapter + "/verify").ok().path("intact").asBoolean()).isTrue();
        assertError(owner.get(chapter + "/versions/5"), 410, "COMPACTED", "1 and 13");
        JsonNode ops = owner.get(chapter + "/authors/cleo/ops").ok().path("ops");
        assertThat(ops.size()).isEqualTo(2);
        assertThat(ops.get(1).path("fromVersion").asLong()).isEqualTo(1);
        assertThat(ops.get(1).path("ops").asLong()).isEqualTo(12);

        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("quire_history_compacted_total\\{what=\"ops\"\\} (1[2-9]|[2-9][0-9])");
    }
}
