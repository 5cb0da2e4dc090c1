package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.WebSocketClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link HistoryApiTest} drives the real server with: {@link Writer}, an author typing over the sharedb
 * WebSocket protocol; {@link Chapter}, a chapter's expected contents at every version, kept by applying each op
 * to {@link RichText}, a dumb model of attributed characters; and {@link Rest}, the history REST API over
 * {@code java.net.http}. Every wait is bounded.
 */
final class HistoryApiFixture {

    static final ObjectMapper JSON = NodeScripts.JSON;
    static final String RICH_TEXT = "http://sharejs.org/types/rich-text/v1";
    static final Duration WAIT = RawClient.WAIT;

    private HistoryApiFixture() {
    }

    // ---- JSON helpers

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Ops of a delta {@code {"ops":[...]}} (a bare array is taken as is). */
    static JsonNode opsOf(JsonNode delta) {
        return delta.isArray() ? delta : delta.path("ops");
    }

    // ---- the WebSocket side

    /**
     * One editor's connection: handshake done, so its author id is the {@code id} the server gave in {@code hs}.
     * Submits one op at a time and waits for its ack.
     */
    static final class Writer {
        private final RawClient ws;
        /** The client id: the {@code src} of its ops and acks. */
        private final String id;
        private final String user;
        private long seq;

        private Writer(RawClient ws, String id, String user) {
            this.ws = ws;
            this.id = id;
            this.user = user;
        }

        /**
         * A new author: a user of its own (a token from local mode's token endpoint, since ops are stamped with the
         * token's user, not the connection), connected and past the handshake.
         */
        static Writer connect(WebSocketClient client, int port, String book, List<AutoCloseable> toClose) throws Exception {
            String user = "author-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            String token = Rest.localToken(port, user);
            Rest.joinAsEditor(port, book, user);
            RawClient ws = RawClient.connect(client, port, "/ws?token=" + token);
            toClose.add(ws);
            ws.send(object().put("a", "hs").putNull("id").put("protocol", 1).put("protocolMinor", 2));
            JsonNode hs = ws.nextMatching(f -> "hs".equals(f.path("a").asText()), WAIT, new ArrayList<>());
            assertThat(hs.has("error")).as("handshake %s", hs).isFalse();
            String clientId = hs.path("id").asText();
            assertThat(clientId).as("client id of %s", hs).isNotBlank().isEqualTo(ws.clientId());
            return new Writer(ws, clientId, user);
        }

        /** The author id the server stamps on this connection's ops: its user. */
        String id() {
            return user;
        }

        RawClient socket() {
            return ws;
        }

        /** Sends an op message (a, c, d, v and op or create set by the caller) with the next seq; returns the ack. */
        JsonNode submit(ObjectNode message) throws InterruptedException {
            long mySeq = ++seq;
            message.put("seq", mySeq);
            ws.send(message);
            JsonNode ack = ws.nextMatching(f -> "op".equals(f.path("a").asText()) && f.path("seq").asLong() == mySeq
                    && (f.has("error") || id.equals(f.path("src").asText())), WAIT, new ArrayList<>());
            assertThat(ack.has("error")).as("ack of %s: %s", message, ack).isFalse();
            return ack;
        }

        /** Subscribes to a chapter; returns the snapshot's version. */
        long subscribe(String book, String chapter) throws InterruptedException {
            ws.send(object().put("a", "s").put("c", book).put("d", chapter));
            JsonNode reply = ws.nextMatching(f -> "s".equals(f.path("a").asText()), WAIT, new ArrayList<>());
            assertThat(reply.has("error")).as("subscribe reply %s", reply).isFalse();
            return reply.path("data").path("v").asLong();
        }

        /** The next op broadcast to this connection for {@code chapter}; fails if none comes within {@link #WAIT}. */
        JsonNode nextOp(String chapter) throws InterruptedException {
            return ws.nextMatching(f -> "op".equals(f.path("a").asText()) && chapter.equals(f.path("d").asText())
                    && f.has("op"), WAIT, new ArrayList<>());
        }

        /** The current document as sharedb's fetch gives it: {@code {v, data, type}}. */
        JsonNode fetch(String book, String chapter) throws InterruptedException {
            ws.send(object().put("a", "f").put("c", book).put("d", chapter));
            JsonNode reply = ws.nextMatching(f -> "f".equals(f.path("a").asText()), WAIT, new ArrayList<>());
            assertThat(reply.has("error")).as("fetch reply %s", reply).isFalse();
            return reply.path("data");
        }
    }

    /**
     * A chapter edited by {@link Writer}s one op at a time, in turn: its version, and its expected contents at
     * every version (index = version; version 0 is "not created").
     */
    static final class Chapter {
        final String book;
        final String id;
        private final List<RichText> versions = new ArrayList<>();
        /** The author of the op at each version. */
        private final List<String> authors = new ArrayList<>();

        Chapter(String book, String id) {
            this.book = book;
            this.id = id;
            versions.add(new RichText());
        }

        /** The chapter's version now: the number of ops committed. */
        long head() {
            return versions.size() - 1;
        }

        RichText at(long version) {
            return versions.get(Math.toIntExact(version));
        }

        String textAt(long version) {
            return at(version).text();
        }

        String text() {
            return textAt(head());
        }

        String authorOf(long opVersion) {
            return authors.get(Math.toIntExact(opVersion));
        }

        /** Creates the chapter with {@code text}: the op at version 0. */
        Chapter create(Writer writer, String text) throws InterruptedException {
            ObjectNode message = message(0);
            ArrayNode ops = message.putObject("create").put("type", RICH_TEXT).putObject("data").putArray("ops");
            if (!text.isEmpty()) {
                ops.addObject().put("insert", text);
            }
            JsonNode ack = writer.submit(message);
            assertThat(ack.path("v").asLong()).as("create ack %s", ack).isZero();
            versions.add(new RichText().apply(ops));
            authors.add(writer.id());
            return this;
        }

        /** Submits {@code ops} at the head; the ack must say it was applied there (nobody else edits meanwhile). */
        Chapter edit(Writer writer, ArrayNode ops) throws InterruptedException {
            long base = head();
            ObjectNode message = message(base);
            message.putObject("op").set("ops", ops);
            JsonNode ack = writer.submit(message);
            assertThat(ack.path("v").asLong()).as("ack of %s: %s", ops, ack).isEqualTo(base);
            record(writer.id(), ops);
            return this;
        }

        /** Types {@code text} at the end. */
        Chapter type(Writer writer, String text) throws InterruptedException {
            return insert(writer, at(head()).length(), text);
        }

        Chapter insert(Writer writer, int at, String text) throws InterruptedException {
            ArrayNode ops = array();
            if (at > 0) {
                ops.addObject().put("retain", at);
            }
            ops.addObject().put("insert", text);
            return edit(writer, ops);
        }

        Chapter delete(Writer writer, int at, int length) throws InterruptedException {
            ArrayNode ops = array();
            if (at > 0) {
                ops.addObject().put("retain", at);
            }
            ops.addObject().put("delete", length);
            return edit(writer, ops);
        }

        /** Sets attribute {@code name} to {@code value} (JSON) over {@code [at, at + length)}. */
        Chapter format(Writer writer, int at, int length, String name, JsonNode value) throws InterruptedException {
            ArrayNode ops = array();
            if (at > 0) {
                ops.addObject().put("retain", at);
            }
            ObjectNode retain = ops.addObject().put("retain", length);
            retain.putObject("attributes").set(name, value);
            return edit(writer, ops);
        }

        /** Records an op made elsewhere (a restore through the API, seen in a broadcast) at the head. */
        void record(String author, JsonNode ops) {
            versions.add(at(head()).copy().apply(ops));
            authors.add(author);
        }

        /** {@code a:"op"} on this chapter at base version {@code v}; the writer adds its seq. */
        private ObjectNode message(long v) {
            return object().put("a", "op").put("c", book).put("d", id).put("v", v);
        }
    }

    /**
     * A rich-text document as a list of characters, each with its attributes: the dumb model ops are applied to
     * one character at a time. Its JSON is quill-delta's canonical form, neighbours with equal attributes merged.
     */
    static final class RichText {
        private record Unit(char ch, ObjectNode attributes) {
        }

        private final List<Unit> units = new ArrayList<>();

        static RichText of(JsonNode delta) {
            return new RichText().apply(opsOf(delta));
        }

        RichText copy() {
            RichText copy = new RichText();
            copy.units.addAll(units);
            return copy;
        }

        int length() {
            return units.size();
        }

        String text() {
            StringBuilder out = new StringBuilder(units.size());
            units.forEach(u -> out.append(u.ch()));
            return out.toString();
        }

        /** Applies the ops of a change (retain, insert, delete; null attribute values remove). */
        RichText apply(JsonNode ops) {
            List<Unit> out = new ArrayList<>(units.size());
            int at = 0;
            for (JsonNode op : opsOf(ops)) {
                ObjectNode attributes = op.has("attributes") ? (ObjectNode) op.get("attributes") : null;
                if (op.has("insert")) {
                    assertThat(op.get("insert").isTextual()).as("only text inserts here: %s", op).isTrue();
                    for (char c : op.get("insert").asText().toCharArray()) {
                        out.add(new Unit(c, withoutNulls(attributes)));
                    }
                } else if (op.has("retain")) {
                    int n = op.get("retain").asInt();
                    assertThat(at + n).as("retain %s at %d within length %d", op, at, units.size())
                            .isLessThanOrEqualTo(units.size());
                    for (int i = 0; i < n; i++) {
                        Unit u = units.get(at++);
                        out.add(new Unit(u.ch(), composed(u.attributes(), attributes)));
                    }
                } else if (op.has("delete")) {
                    int n = op.get("delete").asInt();
                    assertThat(at + n).as("delete %s at %d within length %d", op, at, units.size())
                            .isLessThanOrEqualTo(units.size());
                    at += n;
                } else {
                    throw new AssertionError("not an op: " + op);
                }
            }
            out.addAll(units.subList(at, units.size()));
            units.clear();
            units.addAll(out);
            return this;
        }

        /** The canonical ops: {@code [{"insert":"...","attributes":{...}}, ...]}. */
        ArrayNode ops() {
            ArrayNode ops = array();
            StringBuilder run = new StringBuilder();
            ObjectNode runAttributes = null;
            for (Unit u : units) {
                if (run.length() > 0 && !sameAttributes(runAttributes, u.attributes())) {
                    addInsert(ops, run, runAttributes);
                }
                if (run.length() == 0) {
                    runAttributes = u.attributes();
                }
                run.append(u.ch());
            }
            if (run.length() > 0) {
                addInsert(ops, run, runAttributes);
            }
            return ops;
        }

        /** {@code {"ops":[...]}}, as the API writes contents. */
        ObjectNode delta() {
            ObjectNode delta = object();
            delta.set("ops", ops());
            return delta;
        }

        private static void addInsert(ArrayNode ops, StringBuilder run, ObjectNode attributes) {
            ObjectNode insert = ops.addObject().put("insert", run.toString());
            if (attributes != null && !attributes.isEmpty()) {
                insert.set("attributes", attributes);
            }
            run.setLength(0);
        }

        private static boolean sameAttributes(ObjectNode a, ObjectNode b) {
            return (a == null || a.isEmpty()) ? (b == null || b.isEmpty()) : a.equals(b);
        }

        private static ObjectNode withoutNulls(ObjectNode attributes) {
            return composed(null, attributes);
        }

        private static ObjectNode composed(ObjectNode base, ObjectNode change) {
            if (change == null || change.isEmpty()) {
                return base;
            }
            ObjectNode out = base == null ? object() : base.deepCopy();
            for (Map.Entry<String, JsonNode> e : change.properties()) {
                if (e.getValue().isNull()) {
                    out.remove(e.getKey());
                } else {
                    out.set(e.getKey(), e.getValue());
                }
            }
            return out.isEmpty() ? null : out;
        }

        @Override
        public String toString() {
            return ops().toString();
        }
    }

    // ---- the REST side

    /** An answer of the API: its status and its body as JSON (null when empty). */
    record Reply(int status, JsonNode body, String raw) {
        JsonNode path(String field) {
            return body == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : body.path(field);
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    /** The history API of one chapter, {@code /api/v1/books/{book}/chapters/{chapter}}, as user {@code X-Quire-User}. */
    static final class Rest {
        private final HttpClient http;
        private final int port;

        Rest(HttpClient http, int port) {
            this.http = http;
            this.port = port;
        }

        static String base(String book, String chapter) {
            return "/api/v1/books/" + segment(book) + "/chapters/" + segment(chapter);
        }

        static String base(Chapter chapter) {
            return base(chapter.book, chapter.id);
        }

        /** A path segment, percent-encoded (a space as %20, not +). */
        static String segment(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }

        Reply get(String path) throws Exception {
            return send(request(path).GET());
        }

        Reply post(String path, String body) throws Exception {
            return post(path, body, null);
        }

        Reply post(String path, String body, String user) throws Exception {
            HttpRequest.Builder request = request(path).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (user != null) {
                joinAsEditor(port, bookOf(path), user);
                request.header("Authorization", "Bearer " + localToken(port, user));
            }
            return send(request);
        }

        /** The book of an API path {@code /api/v1/books/{book}/...}. */
        private static String bookOf(String path) {
            String rest = path.substring("/api/v1/books/".length());
            return java.net.URLDecoder.decode(rest.substring(0, rest.indexOf('/')), StandardCharsets.UTF_8);
        }

        /** Makes {@code user} an editor of {@code book} (made first if missing), as the local admin. */
        static void joinAsEditor(int port, String book, String user) throws Exception {
            Rest admin = new Rest(HttpClient.newHttpClient(), port);
            Reply created = admin.post("/api/v1/books", object().put("id", book).put("title", book).toString());
            assertThat(created.status()).as("book %s: %s", book, created).isIn(201, 409);
            Reply joined = admin.post("/api/v1/books/" + segment(book) + "/members",
                    object().put("userId", user).put("role", "editor").toString());
            assertThat(joined.status()).as("membership of %s: %s", user, joined).isIn(201, 409);
        }

        /** A token for {@code user} from local mode's token endpoint (asked as the local admin). */
        static String localToken(int port, String user) throws Exception {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/local-tokens")).timeout(WAIT)
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(object().put("userId", user).toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("local token for %s: %s", user, response.body()).isEqualTo(201);
            return json(response.body()).path("token").asText();
        }

        Reply patch(String path, String body) throws Exception {
            return send(request(path).header("content-type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
        }

        Reply delete(String path) throws Exception {
            return send(request(path).DELETE());
        }

        /** GETs {@code path} and fails unless it answers 200. */
        JsonNode ok(String path) throws Exception {
            Reply reply = get(path);
            assertThat(reply.status()).as("GET %s: %s", path, reply).isEqualTo(200);
            return reply.body();
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(WAIT);
        }

        private Reply send(HttpRequest.Builder request) throws Exception {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode body = null;
            if (raw != null && !raw.isBlank()) {
                try {
                    body = JSON.readTree(raw);
                } catch (JsonProcessingException e) {
                    throw new AssertionError(request.build().method() + " " + request.build().uri() + " answered "
                            + response.statusCode() + " with a body that is not JSON: " + raw, e);
                }
            }
            return new Reply(response.statusCode(), body, raw);
        }
    }
}
