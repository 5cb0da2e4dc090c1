package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.QuireServer;
import io.quire.server.auth.TokenService;
import io.quire.server.config.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what over the WebSocket, with the stock sharedb client signed in by token, against a real server in
 * secured mode (in-process, loopback, port 0, fresh data folder). Each test makes its own book, members, chapters
 * and API keys through the REST API with the owner's token, writes them to a config file, and runs one scenario
 * of {@code access.js}, {@code revocation.js} or {@code tokens.js} (see {@code server/src/test/node/README.md});
 * the script checks what it sees and reports it, and the test asserts on the report and on what the server
 * stored (history API). To rerun one by hand, start a server with the same secret and run the printed command.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WebSocketAccessTest {

    private static final String SECRET = "websocket-access-test-secret-0123456789";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final String DENIED = "ERR_ACCESS_DENIED";
    private static final String OWNER = "olivia";
    private static final String EDITOR = "edgar";
    private static final String VIEWER = "vera";
    private static final String COMMENTER = "carl";
    private static final String OUTSIDER = "xavier";
    private static final AtomicInteger CONFIGS = new AtomicInteger();

    @TempDir
    static Path tempDir;

    private static QuireServer server;
    private static String wsUrl;
    private static String baseUrl;
    private static TokenService tokens;
    private static HttpClient http;

    @BeforeAll
    static void startServer() throws Exception {
        NodeScripts.requireNode();
        server = new QuireServer();
        server.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                        .withDataDir(tempDir.resolve("data")).withJwtSecret(SECRET))
                .await(30, TimeUnit.SECONDS);
        baseUrl = "http://127.0.0.1:" + server.actualPort();
        wsUrl = "ws://127.0.0.1:" + server.actualPort() + "/ws";
        tokens = new TokenService(SECRET);
        http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop().await(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The editor creates a chapter with the client and types while the owner types too; then a hand-made frame on
     * the editor's token claims the owner as its {@code src}. Every stored op carries the token's user id: the
     * create and the forged op the editor's, the rest the editor's or the owner's, and no other author exists.
     */
    @Test
    void opsAreStampedWithTheTokensUser() throws Exception {
        String book = newBook("Stamped");
        addMember(book, EDITOR, "editor");
        String chapter = "by-editor";

        JsonNode summary = run("access.js", "editing", config(book, chapter)
                .<ObjectNode>set("users", NodeScripts.JSON.createObjectNode().put("owner", OWNER))
                .set("tokens", tokensFor(OWNER, EDITOR)));

        assertThat(summary.path("createdAt").asLong()).isEqualTo(1);
        long forgedVersion = summary.path("forged").path("ack").path("v").asLong();
        assertThat(forgedVersion).isEqualTo(summary.path("forged").path("v").asLong());
        assertThat(summary.path("text").asText()).isEqualTo("forged e6 e5 e4 e3 e2 e1 Written by the editor. o1 o2 o3\n");

        List<JsonNode> revisions = revisions(book, chapter);
        assertThat(revisions).as("one revision per stored op").hasSize((int) summary.path("version").asLong());
        assertThat(revisions).extracting(r -> r.path("author").asText()).containsOnly(EDITOR, OWNER).contains(OWNER);
        assertThat(revisionAt(revisions, 0).path("author").asText()).as("the create").isEqualTo(EDITOR);
        assertThat(revisionAt(revisions, forgedVersion).path("author").asText()).as("the op whose src named the owner")
                .isEqualTo(EDITOR);
        assertThat(authorIds(book, chapter)).containsExactlyInAnyOrder(EDITOR, OWNER);
        assertThat(awaitChapter(book, chapter)).as("the client's create listed the chapter").contains(chapter);
    }

    /**
     * A viewer reads (fetch, subscribe, live ops) but its op is refused and rolled back, with nothing stored; a
     * commenter's cursor reaches owner and viewer, and is cleared for both when it leaves after an edit; the viewer's
     * own cursor is refused and reaches no one.
     */
    @Test
    void viewerReadsButCannotWriteAndOnlyCommentersShowACursor() throws Exception {
        String book = newBook("Read only");
        addMember(book, VIEWER, "viewer");
        addMember(book, COMMENTER, "commenter");
        String chapter = addChapter(book, "ch-1", "Hello, readers.\n");

        JsonNode s = run("access.js", "viewer", config(book, chapter)
                .set("tokens", tokensFor(OWNER, VIEWER, COMMENTER)));

        assertThat(s.path("fetched").path("text").asText()).isEqualTo("Hello, readers.\n");
        assertThat(s.path("liveText").asText()).isEqualTo("OWNER-1 Hello, readers.\n");
        assertDenied(s.path("refusedOp"), "a viewer may not edit");
        assertThat(s.path("afterRollback")).as("the viewer's doc after the rollback").isEqualTo(s.path("before"));
        assertThat(s.path("after")).as("a fresh fetch: head version and text unchanged").isEqualTo(s.path("before"));
        assertThat(s.path("after").path("text").asText()).doesNotContain("VIEWER");
        assertThat(headVersion(book, chapter)).as("the owner's two ops since the create")
                .isEqualTo(s.path("before").path("v").asLong() + 1);
        assertThat(authorIds(book, chapter)).containsExactly(OWNER);

        JsonNode presence = s.path("presence");
        assertThat(names(presence.path("commenterSeenBy"))).containsExactly("owner", "viewer");
        assertThat(presence.path("viewerReceived").toString()).contains("{\"index\":4,\"length\":2}");
        assertDenied(presence.path("viewerPresence"), "a viewer may not show your cursor");
        assertThat(presence.path("viewerCursorSeen")).as("who saw the viewer's cursor").isEmpty();
        assertThat(names(presence.path("clearedOnLeave"))).as("who saw the commenter's cursor go when it left")
                .containsExactly("owner", "viewer");
        assertNoErrors(s.path("docErrors"));
        assertNoErrors(s.path("presenceErrors"));
    }

    /**
     * A signed-in user outside the book: every way in (fetch, subscribe with and without a version, bulk subscribe,
     * snapshot by version and by time, presence subscribe, channel presence, create) is refused with the same
     * message as for a book that does not exist, and while the owner types and moves its cursor nothing of the
     * book reaches the outsider's socket.
     */
    @Test
    void outsiderCannotReadSubscribeOrSeePresence() throws Exception {
        String book = newBook("Private");
        String chapter = addChapter(book, "secret-chapter", "Top secret plans.\n");

        JsonNode s = run("access.js", "outsider", config(book, chapter)
                .put("chapterText", "Top secret plans.")
                .set("tokens", tokensFor(OWNER, OUTSIDER)));

        JsonNode refusals = s.path("refusals");
        assertThat(names(refusals.fieldNames())).containsExactlyInAnyOrder("subscribeAtVersion", "fetch", "subscribe",
                "snapshot", "snapshotAtVersion", "snapshotAtTime", "bulkSubscribe", "presenceSubscribe", "channelPresence",
                "create", "missingBook");
        refusals.fields().forEachRemaining(e -> assertThat(e.getValue().path("code").asText()).as(e.getKey()).isEqualTo(DENIED));
        assertThat(refusals.path("fetch").path("message").asText()).contains("is not a member of book \"" + book + "\"");
        assertThat(refusals.path("missingBook").path("message").asText())
                .as("a missing book answers as an existing one does")
                .isEqualTo(refusals.path("fetch").path("message").asText().replace(book, "no-such-book"));
        assertThat(s.path("leaks")).as("frames of the book that reached the outsider").isEmpty();
        assertThat(s.path("mentionsText").asBoolean()).as("the outsider's socket carried the chapter's text").isFalse();
        assertThat(s.path("outsiderDoc").path("type").isNull()).isTrue();
        assertThat(s.path("presenceReceived")).isEmpty();

        assertThat(chapterIds(book)).containsExactly(chapter);
        assertThat(authorIds(book, chapter)).containsExactly(OWNER);
        assertThat(api(token(OUTSIDER), "GET", "/books/" + book, null).status()).isEqualTo(404);
    }

    /**
     * No token, an expired one, one signed with another secret, a malformed one, {@code alg: none}, a wrong
     * Authorization scheme, an unknown or malformed API key: each connection is closed with 4401 and a reason
     * that names the problem, before any protocol frame; two good clients (token in the query and in a header) go
     * on undisturbed. A token that expires while connected stops the flow of ops and closes the socket with 4401.
     */
    @Test
    void badTokensAreClosedWith4401AndAReason() throws Exception {
        String book = newBook("Sign-in");
        addMember(book, EDITOR, "editor");
        String chapter = addChapter(book, "ch-1", "Hello.\n");
        Map<String, String> expected = new LinkedHashMap<>();
        ArrayNode cases = NodeScripts.JSON.createArrayNode();
        long now = System.currentTimeMillis() / 1000;
        addCase(cases, expected, "none", null, null, "needs a token");
        addCase(cases, expected, "expired", tokens.issue(EDITOR, "Edgar", Duration.ofMinutes(-5)), null, "expired");
        addCase(cases, expected, "otherSecret", new TokenService("another-secret-of-at-least-32-chars!").issue(EDITOR,
                "Edgar", Duration.ofMinutes(5)), null, "signature is not valid");
        addCase(cases, expected, "malformed", "not-a-jwt", null, "not a well-formed JWT");
        addCase(cases, expected, "garbled", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2lnbmF0dXJl", null, "not a well-formed JWT");
        addCase(cases, expected, "algNone", base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + base64("{\"sub\":\"" + OWNER + "\",\"name\":\"Mallory\",\"exp\":" + (now + 3600) + "}") + ".", null, "HS256");
        addCase(cases, expected, "basicScheme", null, "Basic ZWRnYXI6c2VjcmV0", "must be \"Bearer");
        addCase(cases, expected, "unknownKey", "qk_0123456789ab_" + "A".repeat(43), null, "unknown or was revoked");
        addCase(cases, expected, "malformedKey", "qk_short", null, "API key is malformed");
        // Minted last, so that its few seconds start as late as possible.
        String expiring = tokens.issue(EDITOR, "Edgar", Duration.ofSeconds(3));

        JsonNode s = run("tokens.js", null, config(book, chapter).put("good", token(EDITOR)).put("expiring", expiring)
                .set("cases", cases));

        JsonNode results = s.path("cases");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            JsonNode r = results.path(e.getKey());
            assertThat(r.path("code").asInt()).as("close code for %s: %s", e.getKey(), r).isEqualTo(4401);
            assertThat(r.path("reason").asText()).as("close reason for %s", e.getKey())
                    .startsWith("ERR_UNAUTHENTICATED: ").contains(e.getValue());
            assertThat(r.path("frames")).as("frames before the close for %s", e.getKey()).isEmpty();
        }
        JsonNode good = s.path("good");
        assertThat(good.path("query").asText()).isEqualTo("connected");
        assertThat(good.path("header").asText()).isEqualTo("connected");
        assertThat(good.path("closed").isNull()).as("the good socket closed: %s", good.path("closed")).isTrue();
        assertThat(good.path("sameText").asBoolean()).isTrue();
        assertNoErrors(good.path("docErrors"));

        JsonNode expiry = s.path("expiry");
        assertThat(expiry.path("close").path("code").asInt()).isEqualTo(4401);
        assertThat(expiry.path("close").path("reason").asText()).startsWith("ERR_UNAUTHENTICATED: ").contains("expired");
        assertThat(expiry.path("opsAfterExpiry").asInt()).as("ops delivered on an expired token").isZero();
        assertThat(expiry.path("closedBeforeSending").asBoolean()).as("closed when an op would have gone out").isTrue();

        assertThat(http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health")).timeout(HTTP_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("the server is still up").isEqualTo(200);
        assertThat(headVersion(book, chapter)).isEqualTo(good.path("version").asLong() + 1);
    }

    /**
     * An editor subscribed, showing a cursor and typing is removed by the owner: its doc hears ERR_ACCESS_DENIED at
     * once, its cursor is cleared for the owner, it receives none of the owner's later ops, its next op is refused
     * and not stored, and a new connection with its token cannot read the chapter.
     */
    @Test
    void removedMemberIsCutOffAtOnce() throws Exception {
        String book = newBook("Removal");
        addMember(book, EDITOR, "editor");
        String chapter = addChapter(book, "ch-1", "Shared text.\n");

        JsonNode s = run("revocation.js", "remove-member", config(book, chapter)
                .<ObjectNode>set("users", NodeScripts.JSON.createObjectNode().put("editor", EDITOR))
                .set("tokens", tokensFor(OWNER, EDITOR)));

        assertDenied(s.path("error"), "access to book \"" + book + "\" was removed");
        assertThat(s.path("errorMs").asLong()).as("ms from the DELETE to the doc's error").isLessThan(2_000);
        assertThat(s.path("presenceClearedMs").asLong()).as("ms from the DELETE to the cursor cleared").isLessThan(2_000);
        assertThat(s.path("after").path("ops").asInt()).as("ops received after the removal: %s", s.path("after")).isZero();
        assertDenied(s.path("refused"), "is not a member of book");
        assertThat(s.path("stored").path("v").asLong()).isEqualTo(s.path("versionBeforeAttempt").asLong());
        assertThat(s.path("stored").path("text").asText()).doesNotContain("AFTER-REMOVAL").contains("AFTER3", "E5 ");
        assertThat(s.path("comeBack").path("code").asText()).isEqualTo(DENIED);
        assertThat(s.path("editorConnection").asText()).as("the socket stays open; only the book is gone").isEqualTo("connected");
        assertThat(s.path("docErrors").path("editor").get(0).path("code").asText()).isEqualTo(DENIED);

        long removedAt = s.path("versionAtRemoval").asLong();
        List<JsonNode> byEditor = revisions(book, chapter).stream().filter(r -> r.path("author").asText().equals(EDITOR)).toList();
        assertThat(byEditor).isNotEmpty();
        assertThat(byEditor).allSatisfy(r -> assertThat(r.path("fromVersion").asLong()).isLessThan(removedAt));
        assertThat(headVersion(book, chapter)).isEqualTo(s.path("stored").path("v").asLong());
    }

    /**
     * An editor made viewer keeps its subscription (it receives the owner's op, no doc error) but its next op and
     * its cursor are refused; made editor again, its op goes through on the same connection.
     */
    @Test
    void downgradedEditorKeepsReadingButCannotWrite() throws Exception {
        String book = newBook("Downgrade");
        addMember(book, EDITOR, "editor");
        String chapter = addChapter(book, "ch-1", "Shared text.\n");

        JsonNode s = run("revocation.js", "downgrade", config(book, chapter)
                .<ObjectNode>set("users", NodeScripts.JSON.createObjectNode().put("editor", EDITOR))
                .set("tokens", tokensFor(OWNER, EDITOR)));

        assertDenied(s.path("refused"), "a viewer may not edit");
        assertThat(s.path("afterRollback").path("v").asLong()).isEqualTo(s.path("versionBefore").asLong());
        assertThat(s.path("afterRollback").path("text").asText()).doesNotContain("as-viewer");
        assertThat(s.path("liveText").asText()).startsWith("LIVE1 ");
        assertDenied(s.path("cursor"), "a viewer may not show your cursor");
        assertThat(s.path("stored").path("text").asText()).doesNotContain("as-viewer");
        assertThat(s.path("stored").path("v").asLong()).isEqualTo(s.path("versionBefore").asLong() + 1);
        assertThat(s.path("finalText").asText()).contains("editor-again", "LIVE1", "as-editor").doesNotContain("as-viewer");
        assertThat(s.path("unsolicitedErrors").asInt()).isZero();
        assertNoErrors(s.path("docErrors"));
        assertThat(s.path("editorConnection").asText()).isEqualTo("connected");
        assertThat(authors(book, chapter).path(EDITOR).path("ops").asInt()).as("as-editor and editor-again").isEqualTo(2);
    }

    /**
     * A client signed in with an editor API key ({@code ?token=qk_...}) loses its subscription when the owner
     * revokes the key: the doc error at once, no more ops, its next op refused; a new connection with the key is
     * closed with 4401.
     */
    @Test
    void revokedApiKeyLosesItsSubscription() throws Exception {
        String book = newBook("Key revocation");
        String chapter = addChapter(book, "ch-1", "Shared text.\n");
        JsonNode key = createKey(book, "integration", "editor");

        JsonNode s = run("revocation.js", "revoke-key", config(book, chapter).put("keyId", key.path("id").asText())
                .set("tokens", tokensFor(OWNER).put("key", key.path("key").asText())));

        assertDenied(s.path("error"), "was removed");
        assertThat(s.path("errorMs").asLong()).isLessThan(2_000);
        assertThat(s.path("after").path("ops").asInt()).as("ops received after the revocation: %s", s.path("after")).isZero();
        assertDenied(s.path("refused"), "is not a member of book");
        assertThat(s.path("stored").path("text").asText()).doesNotContain("AFTER-REVOKE").contains("K2 ", "AFTER3 ");
        JsonNode reconnect = s.path("reconnect");
        assertThat(reconnect.path("code").asInt()).isEqualTo(4401);
        assertThat(reconnect.path("reason").asText()).startsWith("ERR_UNAUTHENTICATED: ").contains("unknown or was revoked");
        assertThat(reconnect.path("frames").asInt()).isZero();
        String keyAuthor = "key:" + key.path("id").asText();
        assertThat(authors(book, chapter).path(keyAuthor).path("ops").asInt()).isEqualTo(2);
        assertThat(headVersion(book, chapter)).isEqualTo(s.path("stored").path("v").asLong());
    }

    /**
     * An editor API key on the WebSocket edits its own book (ops stamped {@code key:<id>}, and it may create a
     * chapter there) and nothing else: in another book of the same owner every request is refused. A viewer key
     * reads but cannot edit.
     */
    @Test
    void apiKeyEditsItsOwnBookOnly() throws Exception {
        String book = newBook("Key's book");
        String chapter = addChapter(book, "ch-1", "Key's chapter.\n");
        String otherBook = newBook("Another book");
        String otherChapter = addChapter(otherBook, "ch-1", "Not for the key.\n");
        JsonNode editorKey = createKey(book, "sync job", "editor");
        JsonNode viewerKey = createKey(book, "reader", "viewer");

        JsonNode s = run("access.js", "api-key", config(book, chapter).put("otherBook", otherBook).put("otherChapter", otherChapter)
                .set("tokens", NodeScripts.JSON.createObjectNode().put("editorKey", editorKey.path("key").asText())
                        .put("viewerKey", viewerKey.path("key").asText())));

        assertThat(s.path("opsAcked")).hasSize(3);
        assertThat(s.path("text").asText()).isEqualTo("Key's chapter. k1 k2 k3\n");
        assertThat(s.path("newChapter").asLong()).isEqualTo(1);
        JsonNode other = s.path("otherRefusals");
        assertThat(names(other.fieldNames())).containsExactlyInAnyOrder("fetch", "subscribe", "snapshot", "create", "presenceSubscribe");
        other.fields().forEachRemaining(e -> assertThat(e.getValue().path("code").asText()).as(e.getKey()).isEqualTo(DENIED));
        assertThat(s.path("readByViewerKey").asText()).startsWith("Key's chapter.");
        assertDenied(s.path("viewerKeyOp"), "a viewer may not edit");

        String keyAuthor = "key:" + editorKey.path("id").asText();
        assertThat(authors(book, chapter).path(keyAuthor).path("ops").asInt()).isEqualTo(3);
        assertThat(authorIds(book, chapter)).containsExactlyInAnyOrder(OWNER, keyAuthor);
        assertThat(awaitChapter(book, "made-by-key")).contains("made-by-key");
        assertThat(chapterIds(otherBook)).containsExactly(otherChapter);
        assertThat(authorIds(otherBook, otherChapter)).containsExactly(OWNER);
    }

    // ---------------------------------------------------------------- running the scripts

    private static JsonNode run(String script, String scenario, ObjectNode config) throws Exception {
        config.put("api", baseUrl + "/api/v1");
        Path file = tempDir.resolve("access-" + CONFIGS.incrementAndGet() + ".json");
        Files.writeString(file, NodeScripts.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
        List<String> args = new ArrayList<>(List.of(wsUrl));
        if (scenario != null) {
            args.add(scenario);
        }
        args.add("--config=" + file);
        return NodeScripts.runOk(SCRIPT_TIMEOUT, script, args.toArray(String[]::new));
    }

    private static ObjectNode config(String book, String chapter) {
        return NodeScripts.JSON.createObjectNode().put("book", book).put("chapter", chapter);
    }

    /** A token per user, under the role names the scripts use. */
    private static ObjectNode tokensFor(String... users) {
        ObjectNode out = NodeScripts.JSON.createObjectNode();
        for (String user : users) {
            out.put(switch (user) {
                case OWNER -> "owner";
                case EDITOR -> "editor";
                case VIEWER -> "viewer";
                case COMMENTER -> "commenter";
                case OUTSIDER -> "outsider";
                default -> user;
            }, token(user));
        }
        return out;
    }

    private static String token(String user) {
        return tokens.issue(user, Character.toUpperCase(user.charAt(0)) + user.substring(1), Duration.ofMinutes(10));
    }

    private static void addCase(ArrayNode cases, Map<String, String> expected, String name, String token,
                                String authorization, String reason) {
        ObjectNode c = cases.addObject().put("name", name);
        if (token != null) {
            c.put("token", token);
        }
        if (authorization != null) {
            c.put("authorization", authorization);
        }
        expected.put(name, reason);
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- assertions

    private static void assertDenied(JsonNode refusal, String messagePart) {
        assertThat(refusal.path("code").asText()).as("code of %s", refusal).isEqualTo(DENIED);
        assertThat(refusal.path("message").asText()).as("message of %s", refusal).contains(messagePart);
    }

    /** Each field of {@code errors} is a list of recorded 'error' events: all must be empty. */
    private static void assertNoErrors(JsonNode errors) {
        errors.fields().forEachRemaining(e -> assertThat(e.getValue()).as("'error' events of %s", e.getKey()).isEmpty());
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> names(Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    // ---------------------------------------------------------------- the REST API, as the owner

    record Answer(int status, JsonNode body) {
    }

    private static Answer api(String token, String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1" + path).normalize())
                .timeout(HTTP_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        return new Answer(response.statusCode(), text == null || text.isBlank() ? null : NodeScripts.JSON.readTree(text));
    }

    private static JsonNode owner(String method, String path, JsonNode body, int status) throws Exception {
        Answer answer = api(token(OWNER), method, path, body);
        assertThat(answer.status()).as("%s %s: %s", method, path, answer.body()).isEqualTo(status);
        return answer.body();
    }

    private static String newBook(String title) throws Exception {
        return owner("POST", "/books", NodeScripts.JSON.createObjectNode().put("title", title), 201).path("id").asText();
    }

    private static void addMember(String book, String user, String role) throws Exception {
        owner("POST", "/books/" + book + "/members", NodeScripts.JSON.createObjectNode().put("userId", user).put("role", role), 201);
    }

    private static String addChapter(String book, String id, String text) throws Exception {
        ObjectNode body = NodeScripts.JSON.createObjectNode().put("title", "Chapter " + id).put("id", id);
        body.putObject("content").putArray("ops").addObject().put("insert", text);
        return owner("POST", "/books/" + book + "/chapters", body, 201).path("id").asText();
    }

    private static JsonNode createKey(String book, String name, String role) throws Exception {
        return owner("POST", "/books/" + book + "/api-keys", NodeScripts.JSON.createObjectNode().put("name", name).put("role", role), 201);
    }

    /** The book's chapter ids. */
    private static List<String> chapterIds(String book) throws Exception {
        List<String> ids = new ArrayList<>();
        owner("GET", "/books/" + book + "/chapters", null, 200).path("chapters").forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    /** The book's chapter ids once they include {@code chapter} (the list is updated on a thread of its own), or after 5 s. */
    private static List<String> awaitChapter(String book, String chapter) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> ids = chapterIds(book);
        while (!ids.contains(chapter) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            ids = chapterIds(book);
        }
        return ids;
    }

    /** Every stored op of the chapter, oldest first: {fromVersion, toVersion, author, ...}. */
    private static List<JsonNode> revisions(String book, String chapter) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        owner("GET", "/books/" + book + "/chapters/" + chapter + "/revisions?group=ops&limit=200", null, 200)
                .path("revisions").forEach(out::add);
        out.sort((x, y) -> Long.compare(x.path("fromVersion").asLong(), y.path("fromVersion").asLong()));
        return out;
    }

    private static JsonNode revisionAt(List<JsonNode> revisions, long version) {
        return revisions.stream().filter(r -> r.path("fromVersion").asLong() == version).findFirst()
                .orElseThrow(() -> new AssertionError("no revision at version " + version + " in " + revisions));
    }

    /** The version after the chapter's last op. */
    private static long headVersion(String book, String chapter) throws Exception {
        List<JsonNode> revisions = revisions(book, chapter);
        return revisions.isEmpty() ? 0 : revisions.get(revisions.size() - 1).path("toVersion").asLong() + 1;
    }

    /** The chapter's authors: {author id: {ops, inserted, ...}}. */
    private static ObjectNode authors(String book, String chapter) throws Exception {
        ObjectNode out = NodeScripts.JSON.createObjectNode();
        owner("GET", "/books/" + book + "/chapters/" + chapter + "/authors", null, 200).path("authors")
                .forEach(a -> out.set(a.path("author").asText(), a));
        return out;
    }

    private static List<String> authorIds(String book, String chapter) throws Exception {
        return names(authors(book, chapter).fieldNames());
    }
}
