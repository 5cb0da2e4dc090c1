package io.quire.server.it;

import static io.quire.server.it.HistoryApiFixture.array;
import static io.quire.server.it.HistoryApiFixture.json;
import static io.quire.server.it.HistoryApiFixture.object;
import static io.quire.server.it.HistoryApiFixture.opsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.QuireServer;
import io.quire.server.config.ServerConfig;
import io.quire.server.it.HistoryApiFixture.Chapter;
import io.quire.server.it.HistoryApiFixture.Reply;
import io.quire.server.it.HistoryApiFixture.Rest;
import io.quire.server.it.HistoryApiFixture.RichText;
import io.quire.server.it.HistoryApiFixture.Writer;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * The chapter history REST API ({@code /api/v1/books/{book}/chapters/{chapter}/...}) against the real server,
 * in-process on a free loopback port with a data folder of its own. Chapters are written the way editors write
 * them: over the sharedb WebSocket protocol, by connections whose client id is the author. Each test edits a
 * chapter of its own; the tamper test runs a server of its own, since it stops it and edits its files.
 *
 * <p>Version numbering, as in sharedb: the create op is version 0, and the op at version v brings the chapter to
 * version v + 1. All edits of a test are made within a few seconds, so an edit session ends only where the author
 * changes (sessions end after a 60 s pause).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HistoryApiTest {

    private static final String BOOK = "history-api";
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger CHAPTERS = new AtomicInteger();

    @TempDir
    static Path tempDir;

    private static QuireServer server;
    private static Vertx clientVertx;
    private static HttpClient http;

    /** Kept in a field and closed explicitly: Vert.x closes unreferenced clients. */
    private WebSocketClient wsClient;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Rest rest;
    private String chapterId;

    @BeforeAll
    static void startServer() throws Exception {
        server = start(tempDir.resolve("data"));
        clientVertx = Vertx.vertx();
        http = HttpClient.newBuilder().connectTimeout(HistoryApiFixture.WAIT).build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (clientVertx != null) {
            clientVertx.close().await(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        if (server != null) {
            server.stop().await(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void setUp(TestInfo test) {
        wsClient = clientVertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(10_000));
        rest = new Rest(http, server.actualPort());
        chapterId = test.getTestMethod().orElseThrow().getName() + "-" + CHAPTERS.incrementAndGet();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        wsClient.close().await(10, TimeUnit.SECONDS);
    }

    // =====================================================================================================

    @Nested
    class Revisions {

        /** A: create "Hel" + "lo"; B: " wor" + "ld"; A: "!" -> head 6, three sessions. */
        private Chapter alternating(Writer a, Writer b) throws Exception {
            return chapter().create(a, "").type(a, "Hel").type(a, "lo").type(b, " wor").type(b, "ld").type(a, "!");
        }

        @Test
        void sessionsGroupConsecutiveOpsOfOneAuthorNewestFirst() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = alternating(a, b);

            JsonNode page = rest.ok(Rest.base(chapter) + "/revisions?group=sessions");

            JsonNode entries = page.path("revisions");
            assertThat(entries).as("sessions %s", entries).hasSize(3);
            assertEntry(entries.get(0), a.id(), 5, 5, 1, 1);
            assertEntry(entries.get(1), b.id(), 3, 4, 2, " world".length());
            assertEntry(entries.get(2), a.id(), 0, 2, 3, "Hello".length());
            assertThat(page.path("next").isNull()).as("next of the only page: %s", page).isTrue();
            assertNewestFirst(entries);
        }

        @Test
        void sessionsAreTheDefaultGrouping() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = alternating(a, b);

            assertThat(rest.ok(Rest.base(chapter) + "/revisions"))
                    .isEqualTo(rest.ok(Rest.base(chapter) + "/revisions?group=sessions"));
        }

        @Test
        void opsGroupingListsEachRevision() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = alternating(a, b);

            JsonNode entries = rest.ok(Rest.base(chapter) + "/revisions?group=ops").path("revisions");

            assertThat(entries).hasSize(6);
            long[] inserted = {0, 3, 2, 4, 2, 1};
            for (int i = 0; i < 6; i++) {
                long version = 5 - i;
                assertEntry(entries.get(i), chapter.authorOf(version), version, version, 1, inserted[(int) version]);
                assertThat(entries.get(i).path("startedAt").asLong()).isEqualTo(entries.get(i).path("endedAt").asLong());
            }
            assertNewestFirst(entries);
        }

        @Test
        void pagesOfSingleRevisionsCoverEveryVersionOnce() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = chapter().create(a, "");
            for (int i = 0; i < 11; i++) {
                chapter.type(i % 3 == 0 ? b : a, "w" + i + " ");
            }
            assertThat(chapter.head()).isEqualTo(12);

            List<JsonNode> pages = pages(Rest.base(chapter) + "/revisions?group=ops&limit=5", 10);

            assertThat(pages).extracting(p -> p.path("revisions").size()).containsExactly(5, 5, 2);
            assertThat(pages.get(0).path("next").asLong()).isEqualTo(7);
            assertThat(pages.get(1).path("next").asLong()).isEqualTo(2);
            assertCoveredOnce(pages, chapter.head());
        }

        @Test
        void pagesOfSessionsCoverEveryVersionOnce() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = alternating(a, b).type(b, "?").type(b, "?").type(a, "x");

            List<JsonNode> pages = pages(Rest.base(chapter) + "/revisions?limit=1", 10);

            assertThat(pages).as("one session a page").hasSize(5);
            assertThat(pages).extracting(p -> p.path("revisions").get(0).path("author").asText())
                    .containsExactly(a.id(), b.id(), a.id(), b.id(), a.id());
            assertCoveredOnce(pages, chapter.head());
            assertThat(pages.get(3).path("revisions").get(0).path("ops").asLong()).isEqualTo(2);
        }

        @Test
        void beforeListsOnlyOlderEntries() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = alternating(a, b);

            JsonNode entries = rest.ok(Rest.base(chapter) + "/revisions?group=ops&before=3").path("revisions");

            assertThat(entries).extracting(e -> e.path("fromVersion").asLong()).containsExactly(2L, 1L, 0L);
            JsonNode sessions = rest.ok(Rest.base(chapter) + "/revisions?before=4").path("revisions");
            assertThat(sessions).as("B's session cut at the cursor: %s", sessions).hasSize(2);
            assertEntry(sessions.get(0), b.id(), 3, 3, 1, " wor".length());
        }

        private void assertEntry(JsonNode entry, String author, long from, long to, long ops, long inserted) {
            assertThat(entry.path("author").asText()).as("author of %s", entry).isEqualTo(author);
            assertThat(entry.path("fromVersion").asLong()).as("fromVersion of %s", entry).isEqualTo(from);
            assertThat(entry.path("toVersion").asLong()).as("toVersion of %s", entry).isEqualTo(to);
            assertThat(entry.path("ops").asLong()).as("ops of %s", entry).isEqualTo(ops);
            assertThat(entry.path("inserted").asLong()).as("inserted of %s", entry).isEqualTo(inserted);
            assertThat(entry.path("deleted").asLong()).as("deleted of %s", entry).isZero();
            assertThat(entry.path("formatted").asLong()).as("formatted of %s", entry).isZero();
            assertThat(entry.path("partial").asBoolean(true)).as("partial of %s", entry).isFalse();
            assertThat(entry.path("startedAt").asLong()).as("startedAt of %s", entry).isPositive()
                    .isLessThanOrEqualTo(entry.path("endedAt").asLong());
        }

        private void assertNewestFirst(JsonNode entries) {
            for (int i = 1; i < entries.size(); i++) {
                assertThat(entries.get(i).path("toVersion").asLong()).as("entry %d of %s", i, entries)
                        .isLessThan(entries.get(i - 1).path("fromVersion").asLong());
                assertThat(entries.get(i).path("endedAt").asLong())
                        .isLessThanOrEqualTo(entries.get(i - 1).path("startedAt").asLong());
            }
        }

        /** Every version below {@code head} is in exactly one entry of the pages, and they go down without overlap. */
        private void assertCoveredOnce(List<JsonNode> pages, long head) {
            Map<Long, Integer> seen = new HashMap<>();
            long previousFrom = head;
            for (JsonNode page : pages) {
                for (JsonNode entry : page.path("revisions")) {
                    long from = entry.path("fromVersion").asLong();
                    long to = entry.path("toVersion").asLong();
                    assertThat(to).as("entry %s after one from %d", entry, previousFrom).isLessThan(previousFrom);
                    assertThat(entry.path("ops").asLong()).as("ops of %s", entry).isEqualTo(to - from + 1);
                    for (long v = from; v <= to; v++) {
                        seen.merge(v, 1, Integer::sum);
                    }
                    previousFrom = from;
                }
            }
            Map<Long, Integer> once = new HashMap<>();
            for (long v = 0; v < head; v++) {
                once.put(v, 1);
            }
            assertThat(seen).as("how often each version was listed").isEqualTo(once);
        }
    }

    // =====================================================================================================

    @Nested
    class Versions {

        @Test
        void eachVersionHasTheContentsTypedUpToThen() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = chapter().create(a, "Title\n").type(a, "It was ").type(b, "a dark ")
                    .format(b, 0, 5, "bold", BooleanNode.TRUE).delete(a, 15, 5).type(a, "stormy night.");

            for (long v = 1; v <= chapter.head(); v++) {
                JsonNode version = rest.ok(Rest.base(chapter) + "/versions/" + v);
                assertThat(version.path("version").asLong()).isEqualTo(v);
                assertThat(version.path("exists").asBoolean()).as("exists at %d", v).isTrue();
                assertThat(version.path("contents")).as("contents at version %d", v).isEqualTo(chapter.at(v).delta());
                assertThat(version.path("createdAt").asLong()).isPositive()
                        .isLessThanOrEqualTo(version.path("updatedAt").asLong());
            }
            assertThat(chapter.text()).isEqualTo("Title\nIt was a stormy night.");
            JsonNode head = rest.ok(Rest.base(chapter) + "/versions/" + chapter.head());
            assertThat(head.path("contents")).as("the head matches what a sharedb client fetches")
                    .isEqualTo(a.fetch(BOOK, chapter.id).path("data"));
        }

        @Test
        void versionZeroOfACreatedChapterIsEmptyAndDoesNotExist() throws Exception {
            Chapter chapter = chapter().create(writer(), "Hello\n");

            JsonNode version = rest.ok(Rest.base(chapter) + "/versions/0");

            assertThat(version.path("version").asLong()).isZero();
            assertThat(version.path("exists").asBoolean(true)).isFalse();
            assertThat(opsOf(version.path("contents"))).as("contents %s", version).isEmpty();
        }

        @Test
        void atATimeGivesTheContentsOfThatMoment() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = chapter().create(a, "One.");
            long afterCreate = between();
            chapter.type(b, " Two.");
            long afterTwo = between();
            chapter.type(a, " Three.").type(b, " Four.");
            long afterFour = between();

            assertAt(chapter, Long.toString(afterCreate), 1);
            assertAt(chapter, Long.toString(afterTwo), 2);
            assertAt(chapter, Long.toString(afterFour), 4);
            assertAt(chapter, Instant.ofEpochMilli(afterTwo).toString(), 2);
        }

        /** A moment between two edits: after the last ack, and strictly before the next op's timestamp. */
        private long between() throws InterruptedException {
            Thread.sleep(5);
            long now = System.currentTimeMillis();
            Thread.sleep(5);
            return now;
        }

        private void assertAt(Chapter chapter, String at, long expectedVersion) throws Exception {
            JsonNode version = rest.ok(Rest.base(chapter) + "/versions?at=" + at);
            assertThat(version.path("version").asLong()).as("version at %s: %s", at, version).isEqualTo(expectedVersion);
            assertThat(version.path("exists").asBoolean()).isTrue();
            assertThat(version.path("contents")).as("contents at %s", at).isEqualTo(chapter.at(expectedVersion).delta());
            assertThat(version).as("the same as by number").isEqualTo(rest.ok(Rest.base(chapter) + "/versions/" + expectedVersion));
        }
    }

    // =====================================================================================================

    @Nested
    class Diff {

        @Test
        void textTypedAtTheEndIsARetainAndAnInsert() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = chapter().create(a, "Hello").type(a, " world").type(b, "abc");

            JsonNode diff = rest.ok(Rest.base(chapter) + "/diff?from=2&to=3");

            assertThat(diff.path("from").asLong()).isEqualTo(2);
            assertThat(diff.path("to").asLong()).isEqualTo(3);
            assertThat(diff.path("change")).isEqualTo(json("{\"ops\":[{\"retain\":11},{\"insert\":\"abc\"}]}"));
            assertThat(diff.path("authors")).as("authors of %s", diff).hasSize(1);
            assertAuthor(diff.path("authors").get(0), b.id(), 1, 3, 0, 3);
        }

        @Test
        void theChangeTurnsOneVersionIntoTheOther() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = chapter().create(a, "Hello").type(a, " world").type(b, "abc").delete(a, 0, 6)
                    .format(b, 0, 5, "italic", BooleanNode.TRUE).insert(b, 5, " and");
            assertThat(chapter.text()).isEqualTo("world andabc");

            for (long[] range : new long[][] {{1, 6}, {1, 4}, {2, 5}, {4, 6}, {0, 6}, {3, 3}}) {
                JsonNode diff = rest.ok(Rest.base(chapter) + "/diff?from=" + range[0] + "&to=" + range[1]);
                RichText applied = chapter.at(range[0]).copy().apply(diff.path("change"));
                assertThat(applied.delta()).as("contents(%d) + change %s", range[0], diff.path("change"))
                        .isEqualTo(chapter.at(range[1]).delta());
            }

            JsonNode diff = rest.ok(Rest.base(chapter) + "/diff?from=1&to=4");
            Map<String, JsonNode> byAuthor = byAuthor(diff.path("authors"));
            assertThat(byAuthor).as("authors of %s", diff).containsOnlyKeys(a.id(), b.id());
            // A's " world" stays, "Hello " is deleted: 5 of A's units before, 5 after.
            assertAuthor(byAuthor.get(a.id()), a.id(), 2, 6, 6, 0);
            assertAuthor(byAuthor.get(b.id()), b.id(), 1, 3, 0, 3);
        }

        @Test
        void noChangeBetweenEqualVersions() throws Exception {
            Chapter chapter = chapter().create(writer(), "Same");

            JsonNode diff = rest.ok(Rest.base(chapter) + "/diff?from=1&to=1");

            assertThat(opsOf(diff.path("change"))).isEmpty();
            assertThat(diff.path("authors")).isEmpty();
        }

        private void assertAuthor(JsonNode entry, String author, long ops, long inserted, long deleted, long present) {
            assertThat(entry.path("author").asText()).as("%s", entry).isEqualTo(author);
            assertThat(entry.path("ops").asLong()).as("ops of %s", entry).isEqualTo(ops);
            assertThat(entry.path("inserted").asLong()).as("inserted of %s", entry).isEqualTo(inserted);
            assertThat(entry.path("deleted").asLong()).as("deleted of %s", entry).isEqualTo(deleted);
            assertThat(entry.path("present").asLong()).as("present of %s", entry).isEqualTo(present);
        }
    }

    // =====================================================================================================

    @Nested
    class Restore {

        /** "Draft" + " one" (A), " and two" (B), A deletes "Draft ": head 4, "one and two". */
        private Chapter drafted(Writer a, Writer b) throws Exception {
            Chapter chapter = chapter().create(a, "Draft").type(a, " one").type(b, " and two").delete(a, 0, 6);
            assertThat(chapter.text()).isEqualTo("one and two");
            return chapter;
        }

        @Test
        void restoreBringsBackAVersionAsANewOpThatSubscribersReceive() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = drafted(a, b);
            Writer watcher = writer();
            assertThat(watcher.subscribe(BOOK, chapter.id)).isEqualTo(4);

            Reply reply = rest.post(Rest.base(chapter) + "/restore", "{\"version\":2}", "editor");

            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
            assertThat(reply.path("version").asLong()).as("the new head: %s", reply).isEqualTo(5);
            assertThat(reply.path("changed").asBoolean()).isTrue();
            JsonNode op = watcher.nextOp(chapter.id);
            assertThat(op.path("v").asLong()).as("restore op %s", op).isEqualTo(4);
            chapter.record("editor", op.path("op"));
            assertThat(chapter.text()).as("the watcher's copy after the restore op").isEqualTo("Draft one");
            assertThat(rest.ok(Rest.base(chapter) + "/versions/5").path("contents")).isEqualTo(chapter.at(2).delta());
            assertThat(a.fetch(BOOK, chapter.id).path("data")).isEqualTo(chapter.at(2).delta());

            // The watcher goes on editing from the new head.
            chapter.type(watcher, "!");
            assertThat(rest.ok(Rest.base(chapter) + "/versions/6").path("contents"))
                    .isEqualTo(json("{\"ops\":[{\"insert\":\"Draft one!\"}]}"));
        }

        @Test
        void restoreDoesNotRewriteHistory() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = drafted(a, b);
            JsonNode before = rest.ok(Rest.base(chapter) + "/revisions?group=ops").path("revisions");

            Reply reply = rest.post(Rest.base(chapter) + "/restore", "{\"version\":1}", "editor");
            assertThat(reply.status()).as("%s", reply).isEqualTo(200);

            JsonNode after = rest.ok(Rest.base(chapter) + "/revisions?group=ops").path("revisions");
            assertThat(after).as("revisions after the restore").hasSize(before.size() + 1);
            assertThat(after.get(0).path("author").asText()).isEqualTo("editor");
            assertThat(after.get(0).path("fromVersion").asLong()).isEqualTo(4);
            for (int i = 0; i < before.size(); i++) {
                assertThat(after.get(i + 1)).as("older revision %d kept", i).isEqualTo(before.get(i));
            }
            for (long v = 1; v <= 4; v++) {
                assertThat(rest.ok(Rest.base(chapter) + "/versions/" + v).path("contents"))
                        .as("version %d still has its old contents", v).isEqualTo(chapter.at(v).delta());
            }
            assertThat(rest.ok(Rest.base(chapter) + "/versions/5").path("contents")).isEqualTo(chapter.at(1).delta());
            Map<String, JsonNode> authors = byAuthor(rest.ok(Rest.base(chapter) + "/authors").path("authors"));
            assertThat(authors).as("the restoring user is an author").containsKey("editor");
            assertThat(authors.get("editor").path("ops").asLong()).isEqualTo(1);
            JsonNode chain = rest.ok(Rest.base(chapter) + "/verify");
            assertThat(chain.path("intact").asBoolean()).as("the chain after a restore: %s", chain).isTrue();
            assertThat(chain.path("checked").asLong()).isEqualTo(5);
        }

        @Test
        void restoreByLabel() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = drafted(a, b);
            assertThat(rest.post(Rest.base(chapter) + "/labels", "{\"name\":\"first draft\",\"version\":2}").status())
                    .isEqualTo(201);

            Reply reply = rest.post(Rest.base(chapter) + "/restore", "{\"label\":\"first draft\"}");

            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
            assertThat(reply.path("version").asLong()).isEqualTo(5);
            assertThat(reply.path("changed").asBoolean()).isTrue();
            assertThat(a.fetch(BOOK, chapter.id).path("data")).isEqualTo(chapter.at(2).delta());
            assertThat(rest.ok(Rest.base(chapter) + "/revisions?group=ops&limit=1").path("revisions").get(0)
                    .path("author").asText()).as("the default user").isEqualTo("admin");
        }

        @Test
        void anEditInFlightDuringARestoreIsKept() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = drafted(a, b);
            Writer late = writer();
            late.subscribe(BOOK, chapter.id);
            assertThat(rest.post(Rest.base(chapter) + "/restore", "{\"version\":2}").path("version").asLong()).isEqualTo(5);

            // Typed at version 4, before the restore op reached this client: the server transforms it past the restore.
            ObjectNode edit = object().put("a", "op").put("c", BOOK).put("d", chapter.id).put("v", 4);
            edit.putObject("op").putArray("ops").add(object().put("retain", 3)).add(object().put("insert", "X"));
            JsonNode ack = late.submit(edit);

            assertThat(ack.path("v").asLong()).as("applied after the restore: %s", ack).isEqualTo(5);
            JsonNode fetched = a.fetch(BOOK, chapter.id);
            assertThat(fetched.path("v").asLong()).isEqualTo(6);
            String text = RichText.of(fetched.path("data")).text();
            assertThat(text).as("the restored text with the late edit").contains("X");
            assertThat(text.replace("X", "")).isEqualTo("Draft one");
            assertThat(rest.ok(Rest.base(chapter) + "/versions/6").path("contents")).isEqualTo(fetched.path("data"));
        }

        @Test
        void restoringTheCurrentContentsChangesNothing() throws Exception {
            Writer a = writer();
            Chapter chapter = chapter().create(a, "Same").type(a, " old").delete(a, 4, 4);
            Writer watcher = writer();
            watcher.subscribe(BOOK, chapter.id);

            Reply reply = rest.post(Rest.base(chapter) + "/restore", "{\"version\":1}");

            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
            assertThat(reply.path("version").asLong()).as("still the head").isEqualTo(3);
            assertThat(reply.path("changed").asBoolean(true)).isFalse();
            assertThat(rest.ok(Rest.base(chapter) + "/revisions?group=ops").path("revisions")).hasSize(3);
            assertThat(watcher.socket().poll(Duration.ofMillis(300))).as("no op broadcast").isNull();
        }
    }

    // =====================================================================================================

    @Nested
    class Labels {

        @Test
        void createListGetRenameAndDelete() throws Exception {
            Writer a = writer();
            Chapter chapter = chapter().create(a, "One").type(a, " two").type(a, " three");
            String labels = Rest.base(chapter) + "/labels";

            Reply atHead = rest.post(labels, "{\"name\":\"draft\"}", "maria");
            assertThat(atHead.status()).as("%s", atHead).isEqualTo(201);
            assertLabel(atHead.body(), "draft", 3, "maria");
            Reply atOne = rest.post(labels, "{\"name\":\"Act 1 – opening\",\"version\":1}");
            assertThat(atOne.status()).as("%s", atOne).isEqualTo(201);
            assertLabel(atOne.body(), "Act 1 – opening", 1, "admin");

            JsonNode list = rest.ok(labels).path("labels");
            assertThat(list).extracting(l -> l.path("name").asText())
                    .containsExactlyInAnyOrder("draft", "Act 1 – opening");
            assertThat(rest.ok(labels + "/" + Rest.segment("Act 1 – opening"))).isEqualTo(atOne.body());
            assertThat(rest.ok(labels + "/draft")).isEqualTo(atHead.body());

            Reply renamed = rest.patch(labels + "/draft", "{\"name\":\"final\"}");
            assertThat(renamed.status()).as("%s", renamed).isEqualTo(200);
            assertThat(renamed.path("name").asText()).isEqualTo("final");
            assertThat(renamed.path("version").asLong()).as("a rename keeps the version").isEqualTo(3);
            assertThat(renamed.path("createdBy").asText()).isEqualTo("maria");
            assertError(rest.get(labels + "/draft"), 404, "NOT_FOUND", "draft");
            assertThat(rest.ok(labels + "/final")).isEqualTo(renamed.body());

            Reply deleted = rest.delete(labels + "/final");
            assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
            assertThat(deleted.raw()).isEmpty();
            assertError(rest.get(labels + "/final"), 404, "NOT_FOUND", "final");
            assertThat(rest.ok(labels).path("labels")).extracting(l -> l.path("name").asText())
                    .containsExactly("Act 1 – opening");
        }

        @Test
        void aNameIsUsedOnce() throws Exception {
            Writer a = writer();
            Chapter chapter = chapter().create(a, "One").type(a, " two");
            String labels = Rest.base(chapter) + "/labels";
            assertThat(rest.post(labels, "{\"name\":\"draft\",\"version\":1}").status()).isEqualTo(201);
            assertThat(rest.post(labels, "{\"name\":\"review\"}").status()).isEqualTo(201);

            assertError(rest.post(labels, "{\"name\":\"draft\"}"), 409, "CONFLICT", "draft");
            assertError(rest.patch(labels + "/review", "{\"name\":\"draft\"}"), 409, "CONFLICT", "draft");

            assertThat(rest.ok(labels + "/draft").path("version").asLong()).as("the first label is kept").isEqualTo(1);
            assertThat(rest.ok(labels + "/review").path("version").asLong()).isEqualTo(2);
        }

        @Test
        void anUnknownLabelIsNotFound() throws Exception {
            Chapter chapter = chapter().create(writer(), "One");
            String labels = Rest.base(chapter) + "/labels";

            assertError(rest.get(labels + "/nope"), 404, "NOT_FOUND", "nope");
            assertError(rest.patch(labels + "/nope", "{\"name\":\"other\"}"), 404, "NOT_FOUND", "nope");
            assertError(rest.delete(labels + "/nope"), 404, "NOT_FOUND", "nope");
            assertError(rest.post(Rest.base(chapter) + "/restore", "{\"label\":\"nope\"}"), 404, "NOT_FOUND", "nope");
            assertThat(rest.ok(labels).path("labels")).isEmpty();
        }

        @Test
        void restoreByLabelAfterMoreEdits() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = chapter().create(a, "Kept text.");
            assertThat(rest.post(Rest.base(chapter) + "/labels", "{\"name\":\"v1\"}").status()).isEqualTo(201);
            chapter.delete(b, 0, 5).type(a, " More.");

            Reply reply = rest.post(Rest.base(chapter) + "/restore", "{\"label\":\"v1\"}");

            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
            assertThat(reply.path("version").asLong()).isEqualTo(4);
            assertThat(rest.ok(Rest.base(chapter) + "/versions/4").path("contents")).isEqualTo(chapter.at(1).delta());
            assertThat(rest.ok(Rest.base(chapter) + "/labels/v1").path("version").asLong())
                    .as("the label still names the version it named").isEqualTo(1);
        }

        private void assertLabel(JsonNode label, String name, long version, String createdBy) {
            assertThat(label.path("name").asText()).as("%s", label).isEqualTo(name);
            assertThat(label.path("version").asLong()).as("%s", label).isEqualTo(version);
            assertThat(label.path("createdBy").asText()).as("%s", label).isEqualTo(createdBy);
            assertThat(label.path("createdAt").asLong()).as("%s", label)
                    .isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
        }
    }

    // =====================================================================================================

    @Nested
    class Blame {

        /** A: "Hello " + "world"; B: bolds "world", types "!!", then "big " inside A's text. */
        private Chapter written(Writer a, Writer b) throws Exception {
            Chapter chapter = chapter().create(a, "Hello ").type(a, "world")
                    .format(b, 6, 5, "bold", BooleanNode.TRUE).type(b, "!!").insert(b, 6, "big ");
            assertThat(chapter.text()).isEqualTo("Hello big world!!");
            return chapter;
        }

        @Test
        void atTheHeadEachRunHasItsAuthorAndFormattingDoesNotChangeAuthorship() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = written(a, b);

            JsonNode blame = rest.ok(Rest.base(chapter) + "/blame");

            assertThat(blame.path("version").asLong()).isEqualTo(5);
            JsonNode runs = blame.path("runs");
            assertThat(runs).as("runs %s", runs).hasSize(4);
            assertRun(runs.get(0), a.id(), "[{\"insert\":\"Hello \"}]");
            assertRun(runs.get(1), b.id(), "[{\"insert\":\"big \"}]");
            assertRun(runs.get(2), a.id(), "[{\"insert\":\"world\",\"attributes\":{\"bold\":true}}]");
            assertRun(runs.get(3), b.id(), "[{\"insert\":\"!!\"}]");
            assertThat(concatenated(runs).delta()).as("the runs put together").isEqualTo(chapter.at(5).delta());
        }

        @Test
        void atAPastVersion() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = written(a, b);

            JsonNode beforeBold = rest.ok(Rest.base(chapter) + "/blame?version=2");
            assertThat(beforeBold.path("version").asLong()).isEqualTo(2);
            assertThat(beforeBold.path("runs")).hasSize(1);
            assertRun(beforeBold.path("runs").get(0), a.id(), "[{\"insert\":\"Hello world\"}]");

            JsonNode afterBold = rest.ok(Rest.base(chapter) + "/blame?version=3");
            assertThat(afterBold.path("runs")).as("B's bold leaves the text A's: %s", afterBold).hasSize(1);
            assertRun(afterBold.path("runs").get(0), a.id(),
                    "[{\"insert\":\"Hello \"},{\"insert\":\"world\",\"attributes\":{\"bold\":true}}]");

            JsonNode afterBang = rest.ok(Rest.base(chapter) + "/blame?version=4");
            assertThat(afterBang.path("runs")).extracting(r -> r.path("author").asText()).containsExactly(a.id(), b.id());
            for (long v = 1; v <= chapter.head(); v++) {
                JsonNode runs = rest.ok(Rest.base(chapter) + "/blame?version=" + v).path("runs");
                assertThat(concatenated(runs).delta()).as("runs at version %d", v).isEqualTo(chapter.at(v).delta());
            }
        }

        @Test
        void lengthsAreUtf16UnitsAndAnEmojiStaysWhole() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = chapter().create(a, "Café 😀 ok").insert(b, 7, "👍").type(a, "é");

            JsonNode runs = rest.ok(Rest.base(chapter) + "/blame").path("runs");

            assertThat(runs).extracting(r -> r.path("author").asText()).containsExactly(a.id(), b.id(), a.id());
            assertRun(runs.get(0), a.id(), "[{\"insert\":\"Café 😀\"}]");
            assertThat(runs.get(0).path("length").asInt()).isEqualTo(7);
            assertRun(runs.get(1), b.id(), "[{\"insert\":\"👍\"}]");
            assertThat(runs.get(1).path("length").asInt()).isEqualTo(2);
            assertRun(runs.get(2), a.id(), "[{\"insert\":\" oké\"}]");
            Map<String, JsonNode> authors = byAuthor(rest.ok(Rest.base(chapter) + "/authors").path("authors"));
            assertThat(authors.get(a.id()).path("present").asLong()).isEqualTo("Café 😀 oké".length());
            assertThat(authors.get(b.id()).path("inserted").asLong()).isEqualTo(2);
        }

        private void assertRun(JsonNode run, String author, String ops) {
            assertThat(run.path("author").asText()).as("author of %s", run).isEqualTo(author);
            assertThat(run.path("contents")).as("contents of %s", run).isEqualTo(object().set("ops", json(ops)));
            assertThat(run.path("length").asInt()).as("length of %s", run)
                    .isEqualTo(RichText.of(run.path("contents")).length());
        }

        private RichText concatenated(JsonNode runs) {
            RichText all = new RichText();
            for (JsonNode run : runs) {
                all.apply(withRetain(all.length(), run));
            }
            return all;
        }

        /** The run's inserts after a retain over what is there already. */
        private JsonNode withRetain(int retain, JsonNode run) {
            com.fasterxml.jackson.databind.node.ArrayNode ops = array();
            if (retain > 0) {
                ops.addObject().put("retain", retain);
            }
            opsOf(run.path("contents")).forEach(ops::add);
            return ops;
        }
    }

    // =====================================================================================================

    @Nested
    class Authors {

        @Test
        void eachAuthorsStatistics() throws Exception {
            Writer a = writer();
            Writer b = writer();
            // A: "Hello"; B: " there", then deletes A's "lo"; A bolds "Hel". Contents "Hel there".
            Chapter chapter = chapter().create(a, "Hello").type(b, " there").delete(b, 3, 2)
                    .format(a, 0, 3, "bold", BooleanNode.TRUE);
            assertThat(chapter.text()).isEqualTo("Hel there");

            Map<String, JsonNode> authors = byAuthor(rest.ok(Rest.base(chapter) + "/authors").path("authors"));

            assertThat(authors).containsOnlyKeys(a.id(), b.id());
            JsonNode ofA = authors.get(a.id());
            assertStats(ofA, 3, 2, 5, 0, 3, 2);
            JsonNode ofB = authors.get(b.id());
            assertStats(ofB, 6, 2, 6, 2, 0, 1);
            assertThat(ofA.path("firstEdit").asLong()).as("A started").isLessThanOrEqualTo(ofB.path("firstEdit").asLong());
            assertThat(ofB.path("lastEdit").asLong()).as("A finished").isLessThanOrEqualTo(ofA.path("lastEdit").asLong());
        }

        private void assertStats(JsonNode s, long present, long ops, long inserted, long deleted, long formatted,
                                 long sessions) {
            assertThat(s.path("present").asLong()).as("present of %s", s).isEqualTo(present);
            assertThat(s.path("ops").asLong()).as("ops of %s", s).isEqualTo(ops);
            assertThat(s.path("inserted").asLong()).as("inserted of %s", s).isEqualTo(inserted);
            assertThat(s.path("deleted").asLong()).as("deleted of %s", s).isEqualTo(deleted);
            assertThat(s.path("formatted").asLong()).as("formatted of %s", s).isEqualTo(formatted);
            assertThat(s.path("sessions").asLong()).as("sessions of %s", s).isEqualTo(sessions).isGreaterThanOrEqualTo(1);
            assertThat(s.path("firstEdit").asLong()).as("firstEdit of %s", s).isPositive()
                    .isLessThanOrEqualTo(s.path("lastEdit").asLong());
        }
    }

    // =====================================================================================================

    @Nested
    class AuthorHistory {

        /** A: create, "a1"; B: "b1", "b2"; A: "a2"; B: "b3"; A: "a3". A's ops 0, 1, 4, 6; B's 2, 3, 5. */
        private Chapter interleaved(Writer a, Writer b) throws Exception {
            return chapter().create(a, "").type(a, "a1").type(b, "b1").type(b, "b2").type(a, "a2").type(b, "b3")
                    .type(a, "a3");
        }

        @Test
        void anAuthorsOpsPageByPage() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = interleaved(a, b);
            String path = Rest.base(chapter) + "/authors/" + Rest.segment(a.id()) + "/ops";

            List<JsonNode> pages = pages(path + "?from=0&limit=3", 5);

            assertThat(pages.get(0).path("ops")).hasSize(3);
            List<JsonNode> ops = new ArrayList<>();
            pages.forEach(p -> p.path("ops").forEach(ops::add));
            assertThat(ops).extracting(o -> o.path("version").asLong()).containsExactly(0L, 1L, 4L, 6L);
            assertThat(ops.get(0).path("kind").asText()).isEqualTo("create");
            assertThat(ops.get(1).path("kind").asText()).isEqualTo("edit");
            assertThat(ops.get(1).path("delta")).isEqualTo(json("{\"ops\":[{\"insert\":\"a1\"}]}"));
            assertThat(ops.get(2).path("delta")).isEqualTo(json("{\"ops\":[{\"retain\":6},{\"insert\":\"a2\"}]}"));
            assertThat(ops.get(3).path("delta")).isEqualTo(json("{\"ops\":[{\"retain\":10},{\"insert\":\"a3\"}]}"));
            for (int i = 0; i < ops.size(); i++) {
                assertThat(ops.get(i).path("timestamp").asLong()).as("timestamp of %s", ops.get(i)).isPositive();
                if (i > 0) {
                    assertThat(ops.get(i).path("timestamp").asLong())
                            .isGreaterThanOrEqualTo(ops.get(i - 1).path("timestamp").asLong());
                }
            }

            JsonNode fromTwo = rest.ok(path + "?from=2");
            assertThat(fromTwo.path("ops")).extracting(o -> o.path("version").asLong()).containsExactly(4L, 6L);
            assertThat(fromTwo.path("next").isNull()).isTrue();
            JsonNode ofB = rest.ok(Rest.base(chapter) + "/authors/" + Rest.segment(b.id()) + "/ops");
            assertThat(ofB.path("ops")).extracting(o -> o.path("version").asLong()).containsExactly(2L, 3L, 5L);
        }

        @Test
        void authorsNamedLikeUsersAreFoundByTheirEncodedName() throws Exception {
            Writer a = writer();
            Chapter chapter = chapter().create(a, "One").type(a, " two");
            for (String user : List.of("ana@example.com", "Ana Maria")) {
                Reply restored = rest.post(Rest.base(chapter) + "/restore", "{\"version\":" + (chapter.head() - 1) + "}", user);
                assertThat(restored.status()).as("%s", restored).isEqualTo(200);
                chapter.record(user, rest.ok(Rest.base(chapter) + "/diff?from=" + chapter.head() + "&to="
                        + (chapter.head() + 1)).path("change"));
            }

            for (String user : List.of("ana@example.com", "Ana Maria")) {
                String author = Rest.base(chapter) + "/authors/" + Rest.segment(user);
                JsonNode ops = rest.ok(author + "/ops").path("ops");
                assertThat(ops).as("ops of %s", user).hasSize(1);
                assertThat(chapter.authorOf(ops.get(0).path("version").asLong())).isEqualTo(user);
                JsonNode sessions = rest.ok(author + "/sessions").path("sessions");
                assertThat(sessions).hasSize(1);
                assertThat(sessions.get(0).path("author").asText()).isEqualTo(user);
            }
        }

        @Test
        void anAuthorsSessionsPageByPage() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = interleaved(a, b);

            List<JsonNode> ofB = entries(pages(Rest.base(chapter) + "/authors/" + Rest.segment(b.id())
                    + "/sessions?from=0&limit=1", 5), "sessions");
            assertThat(ofB).extracting(s -> s.path("fromVersion").asLong() + "-" + s.path("toVersion").asLong())
                    .containsExactly("2-3", "5-5");
            assertThat(ofB.get(0).path("ops").asLong()).isEqualTo(2);
            assertThat(ofB.get(0).path("inserted").asLong()).isEqualTo(4);
            assertThat(ofB).allSatisfy(s -> assertThat(s.path("author").asText()).isEqualTo(b.id()));

            List<JsonNode> ofA = entries(pages(Rest.base(chapter) + "/authors/" + Rest.segment(a.id())
                    + "/sessions?limit=2", 5), "sessions");
            assertThat(ofA).extracting(s -> s.path("fromVersion").asLong() + "-" + s.path("toVersion").asLong())
                    .containsExactly("0-1", "4-4", "6-6");
            Map<String, JsonNode> stats = byAuthor(rest.ok(Rest.base(chapter) + "/authors").path("authors"));
            assertThat(stats.get(a.id()).path("sessions").asLong()).as("the statistics agree").isEqualTo(ofA.size());
            assertThat(stats.get(b.id()).path("sessions").asLong()).isEqualTo(ofB.size());
        }
    }

    // =====================================================================================================

    @Nested
    class RevertAuthor {

        /** A (empty create, "Hello "), B "world", A "!!!": head 4. */
        private Chapter written(Writer a, Writer b) throws Exception {
            Chapter chapter = chapter().create(a, "").type(a, "Hello ").type(b, "world").type(a, "!!!");
            assertThat(chapter.text()).isEqualTo("Hello world!!!");
            return chapter;
        }

        @Test
        void keepsOthersWorkAndIsBroadcastAsANewOp() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = written(a, b);
            Writer watcher = writer();
            watcher.subscribe(BOOK, chapter.id);

            Reply reply = rest.post(Rest.base(chapter) + "/revert-author",
                    object().put("author", a.id()).put("since", 1).toString(), "reviewer");

            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
            assertThat(reply.path("version").asLong()).isEqualTo(5);
            assertThat(reply.path("changed").asBoolean()).isTrue();
            JsonNode op = watcher.nextOp(chapter.id);
            assertThat(op.path("v").asLong()).isEqualTo(4);
            chapter.record("reviewer", op.path("op"));
            assertThat(chapter.text()).as("the watcher's copy").isEqualTo("world");
            assertThat(rest.ok(Rest.base(chapter) + "/versions/5").path("contents"))
                    .isEqualTo(json("{\"ops\":[{\"insert\":\"world\"}]}"));
            JsonNode runs = rest.ok(Rest.base(chapter) + "/blame").path("runs");
            assertThat(runs).extracting(r -> r.path("author").asText()).containsExactly(b.id());
            JsonNode newest = rest.ok(Rest.base(chapter) + "/revisions?group=ops&limit=1").path("revisions").get(0);
            assertThat(newest.path("author").asText()).isEqualTo("reviewer");
            assertThat(newest.path("deleted").asLong()).isEqualTo("Hello ".length() + "!!!".length());
            assertThat(rest.ok(Rest.base(chapter) + "/versions/4").path("contents"))
                    .as("history kept").isEqualTo(chapter.at(4).delta());
        }

        @Test
        void keepsTextOthersTypedInsideTheAuthors() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = chapter().create(a, "Title\n").type(a, "Hello world").insert(b, 12, "big ").type(a, "!")
                    .format(b, 0, 5, "bold", BooleanNode.TRUE);
            assertThat(chapter.text()).isEqualTo("Title\nHello big world!");

            Reply reply = rest.post(Rest.base(chapter) + "/revert-author",
                    object().put("author", a.id()).put("since", 1).toString());

            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
            assertThat(reply.path("changed").asBoolean()).isTrue();
            assertThat(a.fetch(BOOK, chapter.id).path("data"))
                    .as("A's create stays (before since); B's bold title and B's text stay")
                    .isEqualTo(json("{\"ops\":[{\"insert\":\"Title\",\"attributes\":{\"bold\":true}},"
                            + "{\"insert\":\"\\nbig \"}]}"));
        }

        @Test
        void onlyChangesSinceTheGivenVersion() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = written(a, b);

            Reply reply = rest.post(Rest.base(chapter) + "/revert-author",
                    object().put("author", a.id()).put("since", 3).toString());

            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
            assertThat(a.fetch(BOOK, chapter.id).path("data")).isEqualTo(json("{\"ops\":[{\"insert\":\"Hello world\"}]}"));
        }

        @Test
        void anAuthorWithoutChangesSinceChangesNothing() throws Exception {
            Writer a = writer();
            Writer b = writer();
            Chapter chapter = written(a, b);

            Reply reply = rest.post(Rest.base(chapter) + "/revert-author",
                    object().put("author", b.id()).put("since", 3).toString());

            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
            assertThat(reply.path("version").asLong()).isEqualTo(4);
            assertThat(reply.path("changed").asBoolean(true)).isFalse();
            assertThat(a.fetch(BOOK, chapter.id).path("v").asLong()).isEqualTo(4);
        }
    }

    // =====================================================================================================

    /** Runs a server of its own: it stops it, edits a stored op behind its back, and starts it again. */
    @Nested
    class Verify {

        @Test
        void anIntactChainAndThenATamperedOp(@TempDir Path own) throws Exception {
            Path data = own.resolve("data");
            QuireServer tampered = start(data);
            Chapter chapter;
            try {
                Rest api = new Rest(http, tampered.actualPort());
                Writer a = Writer.connect(wsClient, tampered.actualPort(), BOOK, toClose);
                Writer b = Writer.connect(wsClient, tampered.actualPort(), BOOK, toClose);
                chapter = chapter().create(a, "abc").type(b, "def").type(a, "ghi").type(b, "jkl");

                JsonNode intact = api.ok(Rest.base(chapter) + "/verify");
                assertThat(intact.path("intact").asBoolean()).as("%s", intact).isTrue();
                assertThat(intact.path("checked").asLong()).isEqualTo(chapter.head());
                assertThat(intact.path("brokenAt").isNull()).as("%s", intact).isTrue();
                // Editors leave before the server stops.
                a.socket().close();
                b.socket().close();
            } finally {
                tampered.stop().await(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            }

            String was = changeStoredInsert(data, chapter, 2, "ghi", "gXi");
            assertThat(was).contains("ghi");

            QuireServer restarted = start(data);
            try {
                Rest api = new Rest(http, restarted.actualPort());
                JsonNode broken = api.ok(Rest.base(chapter) + "/verify");
                assertThat(broken.path("intact").asBoolean(true)).as("%s", broken).isFalse();
                assertThat(broken.path("brokenAt").asLong(-1)).as("%s", broken).isEqualTo(2);
                assertThat(broken.path("reason").asText()).as("%s", broken).isNotBlank();
            } finally {
                restarted.stop().await(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }

        /**
         * Opens the stopped server's RocksDB folder, replaces {@code from} by {@code to} in the insert of the op at
         * {@code version} (the value stays readable), and returns the value as it was.
         */
        private String changeStoredInsert(Path data, Chapter chapter, long version, String from, String to) throws Exception {
            RocksDB.loadLibrary();
            List<byte[]> names;
            try (Options options = new Options()) {
                names = RocksDB.listColumnFamilies(options, data.toString());
            }
            assertThat(names).extracting(n -> new String(n, StandardCharsets.UTF_8)).contains("op-log");
            try (ColumnFamilyOptions familyOptions = new ColumnFamilyOptions(); DBOptions dbOptions = new DBOptions()) {
                List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
                names.forEach(n -> descriptors.add(new ColumnFamilyDescriptor(n, familyOptions)));
                List<ColumnFamilyHandle> handles = new ArrayList<>();
                try (RocksDB db = RocksDB.open(dbOptions, data.toString(), descriptors, handles)) {
                    try {
                        ColumnFamilyHandle ops = null;
                        for (int i = 0; i < names.size(); i++) {
                            if ("op-log".equals(new String(names.get(i), StandardCharsets.UTF_8))) {
                                ops = handles.get(i);
                            }
                        }
                        byte[] key = opKey(chapter.book, chapter.id, version);
                        byte[] value = db.get(ops, key);
                        assertThat(value).as("the stored op at version %d", version).isNotNull();
                        // The op's delta is its JSON text in either layout of the value (storage.ValueCodec).
                        byte[] was = ("{\"insert\":\"" + from + "\"}").getBytes(StandardCharsets.UTF_8);
                        byte[] now = ("{\"insert\":\"" + to + "\"}").getBytes(StandardCharsets.UTF_8);
                        assertThat(now).hasSameSizeAs(was);
                        int at = indexOf(value, was);
                        assertThat(at).as("the insert %s in the stored op", from).isNotNegative();
                        byte[] changed = value.clone();
                        System.arraycopy(now, 0, changed, at, now.length);
                        db.put(ops, key, changed);
                        return new String(value, StandardCharsets.ISO_8859_1);
                    } finally {
                        handles.forEach(ColumnFamilyHandle::close);
                    }
                }
            }
        }

        private static int indexOf(byte[] bytes, byte[] part) {
            for (int i = 0; i + part.length <= bytes.length; i++) {
                if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * The hint (32-bit FNV-1a of the document part), u16 length + collection, u16 length + id, u64 version;
         * all big-endian (see storage.KeyCodec).
         */
        private byte[] opKey(String collection, String id, long version) {
            ByteArrayOutputStream doc = new ByteArrayOutputStream();
            for (String s : List.of(collection, id)) {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                doc.write(bytes.length >>> 8);
                doc.write(bytes.length & 0xFF);
                doc.writeBytes(bytes);
            }
            int hint = 0x811C9DC5;
            for (byte b : doc.toByteArray()) {
                hint = (hint ^ (b & 0xFF)) * 0x01000193;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 3; i >= 0; i--) {
                out.write((hint >>> (8 * i)) & 0xFF);
            }
            out.writeBytes(doc.toByteArray());
            for (int i = 7; i >= 0; i--) {
                out.write((int) (version >>> (8 * i)) & 0xFF);
            }
            return out.toByteArray();
        }
    }

    // =====================================================================================================

    @Nested
    class BadInput {

        @Test
        void anUnknownChapterIsNotFoundOnEveryEndpoint() throws Exception {
            chapter().create(writer(), "exists");
            String missing = Rest.base(BOOK, "no-such-chapter");
            List<String> gets = List.of("/revisions", "/revisions?group=ops", "/versions/0", "/versions/1",
                    "/versions?at=" + System.currentTimeMillis(), "/diff?from=0&to=1", "/labels", "/labels/x",
                    "/blame", "/blame?version=0", "/authors", "/authors/x/ops", "/authors/x/sessions", "/verify");

            for (String get : gets) {
                assertError(rest.get(missing + get), 404, "NOT_FOUND", "no-such-chapter");
            }
            assertError(rest.post(missing + "/restore", "{\"version\":0}"), 404, "NOT_FOUND", "no-such-chapter");
            assertError(rest.post(missing + "/labels", "{\"name\":\"x\"}"), 404, "NOT_FOUND", "no-such-chapter");
            assertError(rest.post(missing + "/revert-author", "{\"author\":\"x\",\"since\":0}"), 404, "NOT_FOUND",
                    "no-such-chapter");
            assertError(rest.get(Rest.base("no-such-book", chapterId) + "/revisions"), 404, "NOT_FOUND", null);
            Writer probe = writer();
            assertThat(probe.fetch(BOOK, "no-such-chapter").path("v").asLong()).as("nothing was created").isZero();
        }

        @Test
        void badVersionsAreRefusedAndNamed() throws Exception {
            Chapter chapter = chapter().create(writer(), "Hello").type(writer(), " world");
            String base = Rest.base(chapter);
            Snapshot before = snapshot(chapter);

            assertError(rest.get(base + "/versions/3"), 400, "BAD_REQUEST", "3");
            assertError(rest.get(base + "/versions/99"), 400, "BAD_REQUEST", "99");
            assertError(rest.get(base + "/versions/-1"), 400, "BAD_REQUEST", "-1");
            assertError(rest.get(base + "/versions/abc"), 400, "BAD_REQUEST", "abc");
            assertError(rest.get(base + "/versions/1.5"), 400, "BAD_REQUEST", "1.5");
            assertError(rest.get(base + "/versions?at=yesterday"), 400, "BAD_REQUEST", "yesterday");
            assertError(rest.get(base + "/diff?from=0&to=99"), 400, "BAD_REQUEST", "99");
            assertError(rest.get(base + "/diff?from=-1&to=1"), 400, "BAD_REQUEST", "-1");
            assertError(rest.get(base + "/diff?from=abc&to=1"), 400, "BAD_REQUEST", "abc");
            assertError(rest.get(base + "/diff?from=2&to=1"), 400, "BAD_REQUEST", "2");
            assertError(rest.get(base + "/blame?version=99"), 400, "BAD_REQUEST", "99");
            assertError(rest.get(base + "/blame?version=abc"), 400, "BAD_REQUEST", "abc");
            assertError(rest.get(base + "/revisions?before=99"), 400, "BAD_REQUEST", "99");
            assertError(rest.get(base + "/revisions?before=-1"), 400, "BAD_REQUEST", "-1");
            assertError(rest.get(base + "/authors/x/ops?from=abc"), 400, "BAD_REQUEST", "abc");
            assertError(rest.post(base + "/restore", "{\"version\":99}"), 400, "BAD_REQUEST", "99");
            assertError(rest.post(base + "/restore", "{\"version\":-1}"), 400, "BAD_REQUEST", "-1");
            assertError(rest.post(base + "/restore", "{\"version\":\"abc\"}"), 400, "BAD_REQUEST", "version");
            assertError(rest.post(base + "/labels", "{\"name\":\"x\",\"version\":99}"), 400, "BAD_REQUEST", "99");
            assertError(rest.post(base + "/revert-author", "{\"author\":\"x\",\"since\":99}"), 400, "BAD_REQUEST", "99");

            assertUnchanged(chapter, before);
        }

        @Test
        void limitsAndGroupingsOutOfRangeAreRefused() throws Exception {
            Chapter chapter = chapter().create(writer(), "Hello");
            String base = Rest.base(chapter);
            Snapshot before = snapshot(chapter);

            for (String limit : List.of("0", "201", "-5", "abc")) {
                assertError(rest.get(base + "/revisions?limit=" + limit), 400, "BAD_REQUEST", "limit");
            }
            assertThat(rest.get(base + "/revisions?limit=200").status()).isEqualTo(200);
            assertThat(rest.get(base + "/revisions?limit=1").status()).isEqualTo(200);
            assertError(rest.get(base + "/authors/x/ops?limit=0"), 400, "BAD_REQUEST", "limit");
            assertError(rest.get(base + "/authors/x/sessions?limit=0"), 400, "BAD_REQUEST", "limit");
            assertError(rest.get(base + "/authors/x/sessions?limit=201"), 400, "BAD_REQUEST", "limit");
            assertError(rest.get(base + "/revisions?group=days"), 400, "BAD_REQUEST", "days");

            assertUnchanged(chapter, before);
        }

        @Test
        void malformedAndIncompleteBodiesAreRefused() throws Exception {
            Writer a = writer();
            Chapter chapter = chapter().create(a, "Hello").type(a, " world");
            String base = Rest.base(chapter);
            assertThat(rest.post(base + "/labels", "{\"name\":\"keep\",\"version\":1}").status()).isEqualTo(201);
            Snapshot before = snapshot(chapter);

            for (String path : List.of("/restore", "/labels", "/revert-author")) {
                assertError(rest.post(base + path, "{not json"), 400, "BAD_REQUEST", "JSON");
                assertError(rest.post(base + path, ""), 400, "BAD_REQUEST", null);
                assertError(rest.post(base + path, "[1,2]"), 400, "BAD_REQUEST", null);
            }
            assertError(rest.patch(base + "/labels/keep", "{\"name\":"), 400, "BAD_REQUEST", "JSON");

            assertError(rest.post(base + "/restore", "{}"), 400, "BAD_REQUEST", "version");
            assertError(rest.post(base + "/labels", "{}"), 400, "BAD_REQUEST", "name");
            assertError(rest.post(base + "/labels", "{\"version\":1}"), 400, "BAD_REQUEST", "name");
            assertError(rest.post(base + "/labels", "{\"name\":\"  \"}"), 400, "BAD_REQUEST", "name");
            assertError(rest.patch(base + "/labels/keep", "{}"), 400, "BAD_REQUEST", "name");
            assertError(rest.post(base + "/revert-author", "{}"), 400, "BAD_REQUEST", "author");
            assertError(rest.post(base + "/revert-author", "{\"since\":1}"), 400, "BAD_REQUEST", "author");
            assertError(rest.post(base + "/revert-author", "{\"author\":\"" + a.id() + "\"}"), 400, "BAD_REQUEST", "since");

            assertUnchanged(chapter, before);
            assertThat(rest.ok(base + "/labels/keep").path("version").asLong()).isEqualTo(1);
        }

        /** What a user sees of the chapter: contents, revisions and labels. */
        private record Snapshot(JsonNode head, JsonNode revisions, JsonNode labels, JsonNode fetched) {
        }

        private Snapshot snapshot(Chapter chapter) throws Exception {
            String base = Rest.base(chapter);
            return new Snapshot(rest.ok(base + "/versions/" + chapter.head()), rest.ok(base + "/revisions?group=ops"),
                    rest.ok(base + "/labels"), writer().fetch(BOOK, chapter.id));
        }

        private void assertUnchanged(Chapter chapter, Snapshot before) throws Exception {
            Snapshot after = snapshot(chapter);
            assertThat(after.fetched().path("v").asLong()).as("version after the bad requests").isEqualTo(chapter.head());
            assertThat(after.fetched().path("data")).as("contents after the bad requests").isEqualTo(chapter.at(chapter.head()).delta());
            assertThat(after).isEqualTo(before);
        }
    }

    // =====================================================================================================
    // helpers

    private static QuireServer start(Path data) throws Exception {
        QuireServer started = new QuireServer();
        started.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(data))
                .await(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        return started;
    }

    private Writer writer() throws Exception {
        return Writer.connect(wsClient, server.actualPort(), BOOK, toClose);
    }

    private Chapter chapter() {
        return new Chapter(BOOK, chapterId);
    }

    /** GETs {@code first}, then each page its {@code next} names (as {@code before} or {@code from}), up to {@code max}. */
    private List<JsonNode> pages(String first, int max) throws Exception {
        List<JsonNode> pages = new ArrayList<>();
        String path = first;
        String cursor = first.contains("/revisions") ? "before" : "from";
        while (true) {
            JsonNode page = rest.ok(path);
            pages.add(page);
            JsonNode next = page.path("next");
            assertThat(next.isNull() || next.isIntegralNumber()).as("next of %s", page).isTrue();
            if (next.isNull()) {
                return pages;
            }
            assertThat(pages).as("pages, at most %d", max).hasSizeLessThan(max);
            path = withParam(first, cursor, next.asText());
        }
    }

    private static String withParam(String path, String name, String value) {
        String stripped = path.replaceAll("([?&])" + name + "=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return stripped + (stripped.contains("?") ? "&" : "?") + name + "=" + value;
    }

    private static List<JsonNode> entries(List<JsonNode> pages, String field) {
        List<JsonNode> out = new ArrayList<>();
        pages.forEach(p -> p.path(field).forEach(out::add));
        return out;
    }

    private static Map<String, JsonNode> byAuthor(JsonNode entries) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode e : entries) {
            assertThat(out.put(e.path("author").asText(), e)).as("author listed twice in %s", entries).isNull();
        }
        return out;
    }

    /** An error answer: {@code {"error":{"status","code","message"}}}, the message naming the problem. */
    private static void assertError(Reply reply, int status, String code, String messageContains) {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
        JsonNode error = reply.path("error");
        assertThat(error.path("status").asInt()).as("error.status of %s", reply).isEqualTo(status);
        assertThat(error.path("code").asText()).as("error.code of %s", reply).isEqualTo(code);
        assertThat(error.path("message").asText()).as("error.message of %s", reply).isNotBlank();
        if (messageContains != null) {
            assertThat(error.path("message").asText()).as("error.message of %s", reply).containsIgnoringCase(messageContains);
        }
    }
}
