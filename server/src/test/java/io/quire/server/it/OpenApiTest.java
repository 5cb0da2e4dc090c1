package io.quire.server.it;

import static io.quire.server.it.Api.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.QuireServer;
import io.quire.server.config.ServerConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document ({@code server/src/main/resources/openapi.json}) held to the server it describes: its
 * operations are exactly the mounted routes, each is complete, and the real answers of a local-mode server to
 * every kind of request match the documented schema for their status. The schema check is the small validator
 * at the bottom: type, nullable, enum, required, properties, additionalProperties, items, $ref, allOf, oneOf,
 * minimum, pattern and the date-time format, which is the subset of OpenAPI 3.0 the document uses.
 */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final String CONTENT_ROUTE = "GET /api/v1/books/{book}/chapters/{chapter}/content";
    private static final String INVITE_PREVIEW_ROUTE = "GET /api/v1/invites/{token}";

    @TempDir
    static Path temp;
    static QuireServer server;
    /** Local mode's admin: a request without credentials. */
    static Api admin;
    static JsonNode doc;
    static final AtomicInteger validated = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = new QuireServer();
        server.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(temp.resolve("data"))
                        .withAllowPrivateWebhooks(true))
                .await(30, TimeUnit.SECONDS);
        admin = new Api(server.actualPort(), null);
        doc = admin.get("/openapi.json").ok();
    }

    @AfterAll
    static void stop() throws Exception {
        if (doc != null) {
            System.out.println("OpenApiTest: " + operations().size() + " operations documented, " + validated.get()
                    + " answers validated against their documented schemas");
        }
        if (server != null) {
            server.stop().await(30, TimeUnit.SECONDS);
        }
    }

    // ============================================================================================= the document

    @Test
    void isServedWithoutCredentialsAsOpenApi3() {
        Api stranger = admin.as("not-a-token");
        assertThat(stranger.get("/me").status()).as("a bad credential is refused elsewhere").isEqualTo(401);

        Api.Reply reply = stranger.get("/openapi.json");
        assertThat(reply.status()).as("%s", reply.raw()).isEqualTo(200);
        assertThat(reply.header("content-type")).startsWith("application/json");
        assertThat(reply.body()).as("valid JSON").isNotNull();
        assertThat(reply.body().path("openapi").asText()).matches("3\\.0\\.\\d+");
        assertThat(reply.body().path("servers").path(0).path("url").asText()).isEqualTo("/api/v1");
    }

    @Test
    void documentsExactlyTheMountedRoutes() {
        Set<String> mounted = new TreeSet<>(server.apiRoutes());
        Set<String> documented = new TreeSet<>();
        operations().forEach(o -> documented.add(o.method().toUpperCase() + " /api/v1" + o.path()));

        Set<String> notDocumented = new TreeSet<>(mounted);
        notDocumented.removeAll(documented);
        Set<String> notMounted = new TreeSet<>(documented);
        notMounted.removeAll(mounted);
        assertThat(notDocumented.isEmpty() && notMounted.isEmpty())
                .as("mounted but not documented: %s%ndocumented but not mounted: %s", notDocumented, notMounted)
                .isTrue();
    }

    @Test
    void everyOperationIsComplete() {
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Operation o : operations()) {
            String name = o.method().toUpperCase() + " " + o.path();
            JsonNode op = o.node();
            if (!ids.add(op.path("operationId").asText(""))) {
                problems.add(name + ": operationId \"" + op.path("operationId").asText("") + "\" missing or not unique");
            }
            if (op.path("summary").asText("").isBlank()) {
                problems.add(name + ": no summary");
            }
            Set<String> statuses = new HashSet<>();
            op.path("responses").fieldNames().forEachRemaining(statuses::add);
            if (statuses.stream().noneMatch(s -> s.startsWith("2"))) {
                problems.add(name + ": no 2xx response");
            }
            boolean isPublic = o.path().equals("/openapi.json");
            if (!isPublic && !statuses.contains("401")) {
                problems.add(name + ": no 401 response");
            }
            if (isPublic && !op.path("security").isArray()) {
                problems.add(name + ": should declare \"security\": [] (no credentials needed)");
            }
            Set<String> inPath = new TreeSet<>();
            Matcher m = Pattern.compile("\\{(\\w+)}").matcher(o.path());
            while (m.find()) {
                inPath.add(m.group(1));
            }
            Set<String> declared = new TreeSet<>();
            for (JsonNode p : op.path("parameters")) {
                JsonNode param = resolve(p);
                if (param.path("in").asText().equals("path")) {
                    declared.add(param.path("name").asText());
                    if (!param.path("required").asBoolean()) {
                        problems.add(name + ": path parameter " + param.path("name") + " must be required");
                    }
                }
            }
            if (!declared.equals(inPath)) {
                problems.add(name + ": path parameters declared " + declared + ", in the path " + inPath);
            }
        }
        collectBrokenRefs(doc, "#", problems);
        assertThat(problems).isEmpty();
    }

    // ============================================================================================= the answers

    /**
     * One book with everything in it, made through the API (each answer checked as it comes), then every read
     * operation called and its body checked against the schema documented for its status.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Responses {
        final Map<String, String> ids = new HashMap<>();
        Api ada;
        Api grace;
        Api key;

        @BeforeAll
        void fixture() {
            ids.put("author", "admin");
            ids.put("version", "1");
            ids.put("book", call(admin, "POST", "/books", "", object().put("id", "field-notes").put("title", "Field Notes"))
                    .body().path("id").asText());
            ObjectNode content = object();
            content.putArray("ops").add(object().put("insert", "Hello "))
                    .add(object().put("insert", "world").set("attributes", object().put("bold", true)))
                    .add(object().put("insert", "\n"));
            ids.put("chapter", call(admin, "POST", "/books/{book}/chapters", "", object().put("id", "one").put("title", "One")
                    .set("content", content)).body().path("id").asText());
            call(admin, "POST", "/books/{book}/chapters", "", object().put("id", "two").put("title", "Two").put("position", 0));
            call(admin, "PATCH", "/books/{book}/chapters/{chapter}", "", object().put("title", "One (draft)").put("position", 1));
            ArrayNode order = object().putArray("order").add("one").add("two");
            call(admin, "PUT", "/books/{book}/chapter-order", "", object().set("order", order));
            call(admin, "PATCH", "/books/{book}", "", object().put("title", "Field Notes, 2nd edition"));

            ada = admin.as(call(admin, "POST", "/local-tokens", "", object().put("userId", "ada").put("displayName", "Ada"))
                    .body().path("token").asText());
            grace = admin.as(call(admin, "POST", "/local-tokens", "", object().put("userId", "grace").put("hours", 2))
                    .body().path("token").asText());
            call(admin, "POST", "/books/{book}/members", "", object().put("userId", "ada").put("role", "editor"));
            call(admin, "POST", "/books/{book}/members", "", object().put("userId", "temp").put("displayName", "Temp").put("role", "viewer"));
            call(admin, "PATCH", "/books/{book}/members/{user}", "", object().put("role", "commenter"), "user", "temp");

            call(admin, "POST", "/books/{book}/invites", "", object().put("role", "viewer"));
            ids.put("token", call(admin, "POST", "/books/{book}/invites", "",
                    object().put("role", "commenter").put("expiresInHours", 0).put("maxUses", 1)).body().path("token").asText());
            call(grace, "POST", "/invites/{token}/accept", "", null);

            key = admin.as(call(admin, "POST", "/books/{book}/api-keys", "", object().put("name", "CI").put("role", "viewer"))
                    .body().path("key").asText());
            ObjectNode hook = object().put("url", "http://127.0.0.1:9/x");
            hook.putArray("events").add("version.labelled");
            ids.put("hook", call(admin, "POST", "/books/{book}/webhooks", "", hook).body().path("id").asText());

            ids.put("name", call(admin, "POST", "/books/{book}/versions", "", object().put("name", "first draft"))
                    .body().path("name").asText());
            call(admin, "POST", "/books/{book}/chapters/{chapter}/labels", "", object().put("name", "sent").put("version", 1));
            ids.put("label", call(admin, "PATCH", "/books/{book}/chapters/{chapter}/labels/{label}", "",
                    object().put("name", "sent to publisher"), "label", "sent").body().path("name").asText());
            call(admin, "POST", "/books/{book}/chapters/{chapter}/restore", "", object().put("label", "sent to publisher"));
            call(admin, "POST", "/books/{book}/chapters/{chapter}/revert-author", "", object().put("author", "nobody").put("since", 0));
            call(admin, "POST", "/books/{book}/versions/{name}/restore", "", null);
        }

        @Test
        void bookReads() {
            call(admin, "GET", "/books", "", null);
            call(grace, "GET", "/books", "", null);
            call(admin, "GET", "/books/{book}", "", null);
            call(ada, "GET", "/books/{book}", "", null);
            call(admin, "GET", "/books/{book}/chapters", "", null);
            call(admin, "GET", "/books/{book}/members", "", null);
            JsonNode invites = call(admin, "GET", "/books/{book}/invites", "", null).body().path("invites");
            assertThat(invites).as("one invite expiring, one not (expiresAt null)").hasSize(2);
            call(admin, "GET", "/books/{book}/api-keys", "", null);
            call(admin, "GET", "/books/{book}/webhooks", "", null);
            call(admin, "GET", "/books/{book}/versions", "", null);
            call(admin, "GET", "/books/{book}/versions/{name}", "", null);
        }

        @Test
        void webhookDeliveries() throws InterruptedException {
            // labelling "first draft" sent version.labelled to a port nobody listens on: a failed attempt is recorded
            JsonNode deliveries = null;
            for (int i = 0; i < 100; i++) {
                deliveries = call(admin, "GET", "/books/{book}/webhooks/{hook}/deliveries", "", null).body().path("deliveries");
                if (!deliveries.isEmpty()) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(deliveries).as("a delivery attempt within 10 s").isNotEmpty();
        }

        @Test
        void accountReads() {
            assertThat(call(admin, "GET", "/me", "", null).body().path("kind").asText()).isEqualTo("local_admin");
            assertThat(call(ada, "GET", "/me", "", null).body().path("kind").asText()).isEqualTo("user");
            assertThat(call(key, "GET", "/me", "", null).body().path("role").asText()).isEqualTo("viewer");
        }

        @Test
        void historyReads() {
            String chapter = "/books/{book}/chapters/{chapter}";
            call(admin, "GET", chapter + "/revisions", "", null);
            call(admin, "GET", chapter + "/revisions", "?group=ops&limit=1", null);
            call(admin, "GET", chapter + "/versions/{version}", "", null);
            assertThat(call(admin, "GET", chapter + "/versions/{version}", "", null, "version", "0").body().path("exists").asBoolean())
                    .as("before the create op").isFalse();
            call(admin, "GET", chapter + "/versions", "?at=" + System.currentTimeMillis(), null);
            call(admin, "GET", chapter + "/diff", "?from=0&to=1", null);
            call(admin, "GET", chapter + "/labels", "", null);
            call(admin, "GET", chapter + "/labels/{label}", "", null);
            call(admin, "GET", chapter + "/blame", "", null);
            call(admin, "GET", chapter + "/authors", "", null);
            call(admin, "GET", chapter + "/authors/{author}/ops", "?limit=1", null);
            call(admin, "GET", chapter + "/authors/{author}/sessions", "", null);
            call(ada, "GET", chapter + "/verify", "", null);
        }

        @Test
        void compaction() {
            call(admin, "POST", "/admin/compact", "", object().put("olderThan", "P30D"));
            call(admin, "POST", "/admin/compact", "", object().put("olderThan", 3600).put("book", ids.get("book")));
            expect(400, call(admin, "POST", "/admin/compact", "", object().put("olderThan", "soon")));
            expect(403, call(ada, "POST", "/admin/compact", "", object().put("olderThan", "P30D")));
        }

        @Test
        void deletes() {
            String scratch = call(admin, "POST", "/books", "", object().put("title", "Scratch")).body().path("id").asText();
            call(admin, "DELETE", "/books/{book}", "", null, "book", scratch);
            call(admin, "DELETE", "/books/{book}/chapters/{chapter}", "", null, "chapter", "two");
            call(admin, "DELETE", "/books/{book}/members/{user}", "", null, "user", "temp");
            String invite = call(admin, "POST", "/books/{book}/invites", "", object().put("role", "viewer")).body().path("token").asText();
            call(admin, "DELETE", "/books/{book}/invites/{token}", "", null, "token", invite);
            String apiKey = call(admin, "POST", "/books/{book}/api-keys", "", object().put("name", "old").put("role", "editor"))
                    .body().path("id").asText();
            call(admin, "DELETE", "/books/{book}/api-keys/{key}", "", null, "key", apiKey);
            String hook = call(admin, "POST", "/books/{book}/webhooks", "", object().put("url", "http://127.0.0.1:9/y"))
                    .body().path("id").asText();
            call(admin, "DELETE", "/books/{book}/webhooks/{hook}", "", null, "hook", hook);
            call(admin, "POST", "/books/{book}/versions", "", object().put("name", "scrap"));
            call(admin, "DELETE", "/books/{book}/versions/{name}", "", null, "name", "scrap");
            call(admin, "POST", "/books/{book}/chapters/{chapter}/labels", "", object().put("name", "scrap"));
            call(admin, "DELETE", "/books/{book}/chapters/{chapter}/labels/{label}", "", null, "label", "scrap");
        }

        @Test
        void errors() {
            expect(404, call(admin, "GET", "/books/{book}", "", null, "book", "no-such-book"));
            expect(404, call(ada, "GET", "/books/{book}/chapters/{chapter}/revisions", "", null, "chapter", "no-such-chapter"));
            expect(400, call(admin, "GET", "/books/{book}/chapters/{chapter}/revisions", "?limit=0", null));
            expect(400, call(admin, "GET", "/books/{book}/chapters/{chapter}/versions/{version}", "", null, "version", "abc"));
            expect(400, call(admin, "POST", "/books/{book}/members", "", object().put("userId", "bob").put("role", "boss")));
            expect(401, call(admin.as("qk_bad"), "GET", "/books", "", null));
            expect(403, call(ada, "GET", "/books/{book}/invites", "", null));
            expect(403, call(key, "POST", "/books", "", object().put("title", "Not allowed")));
            expect(409, call(admin, "POST", "/books/{book}/members", "", object().put("userId", "ada").put("role", "viewer")));
            expect(409, call(admin, "POST", "/books/{book}/chapters/{chapter}/restore", "", object().put("version", 0)));

            // answers no operation gives: the router's own, in the same form
            Api.Reply noRoute = admin.get("/no-such-route");
            assertThat(noRoute.status()).isEqualTo(404);
            assertConforms("GET /no-such-route", noRoute.body(), ref("Error"));
            Api.Reply wrongMethod = admin.send("PUT", "/me", "application/json", "{}");
            assertThat(wrongMethod.status()).isEqualTo(405);
            assertConforms("PUT /me", wrongMethod.body(), ref("Error"));
        }

        /** What an invite link offers. */
        @Test
        void invitePreview() {
            assertThat(server.apiRoutes()).contains(INVITE_PREVIEW_ROUTE);
            assertThat(call(ada, "GET", "/invites/{token}", "", null).body().path("usable").asBoolean())
                    .as("used up by grace").isFalse();
            expect(404, call(ada, "GET", "/invites/{token}", "", null, "token", "no-such-invite"));
        }

        /** The content routes (ContentRoutes): text in each format, edits over HTTP, export. */
        @Test
        void content() {
            assertThat(server.apiRoutes()).contains(CONTENT_ROUTE);
            String content = "/books/{book}/chapters/{chapter}/content";
            Api.Reply json = call(admin, "GET", content, "", null);
            for (String format : List.of("text", "html", "markdown")) {
                call(admin, "GET", content, "?format=" + format, null);
            }
            Api.Reply put = call(ada, "PUT", content, "", "text/plain", "Hello again\n", "If-Match", json.header("etag"));
            ObjectNode change = object().put("version", put.body().path("version").asLong());
            change.putArray("ops").add(object().put("retain", 6)).add(object().put("insert", "there, "));
            call(ada, "POST", "/books/{book}/chapters/{chapter}/ops", "", change);
            expect(412, call(ada, "PUT", content, "", "text/plain", "Stale\n", "If-Match", json.header("etag")));
            expect(415, call(ada, "PUT", content, "", "application/pdf", "%PDF", null, null));
            expect(400, call(admin, "GET", content, "?format=docx", null));
            for (String format : List.of("html", "markdown", "epub")) {
                call(admin, "GET", "/books/{book}/export", "?format=" + format, null);
            }
        }

        private Api.Reply call(Api as, String method, String template, String query, JsonNode body) {
            return call(as, method, template, query, body, null, null);
        }

        /** A JSON request to the operation at {@code template}, one path parameter given ({@code name = value}). */
        private Api.Reply call(Api as, String method, String template, String query, JsonNode body, String name, String value) {
            return call(as, method, template, query, body == null ? null : "application/json",
                    body == null ? null : body.toString(), null, null, name, value);
        }

        private Api.Reply call(Api as, String method, String template, String query, String type, String body,
                               String header, String headerValue) {
            return call(as, method, template, query, type, body, header, headerValue, null, null);
        }

        private Api.Reply call(Api as, String method, String template, String query, String type, String body,
                               String header, String headerValue, String name, String value) {
            Map<String, String> params = new HashMap<>(ids);
            if (name != null) {
                params.put(name, value);
            }
            Matcher m = Pattern.compile("\\{(\\w+)}").matcher(template);
            StringBuilder path = new StringBuilder();
            while (m.find()) {
                String param = params.get(m.group(1));
                assertThat(param).as("a value for {%s}", m.group(1)).isNotNull();
                m.appendReplacement(path, Matcher.quoteReplacement(
                        URLEncoder.encode(param, StandardCharsets.UTF_8).replace("+", "%20")));
            }
            m.appendTail(path);
            Api.Reply reply = as.send(method, path + query, type, body, header, headerValue);
            conformsToOperation(method, template, reply);
            return reply;
        }
    }

    // ============================================================================================= checks

    static void expect(int status, Api.Reply reply) {
        assertThat(reply.status()).as("%s", reply.raw()).isEqualTo(status);
        assertThat(reply.body().path("error").path("status").asInt()).isEqualTo(status);
    }

    /** The answer's status is documented for the operation, and its body is what that response describes. */
    static void conformsToOperation(String method, String template, Api.Reply reply) {
        String name = method + " " + template;
        JsonNode op = doc.path("paths").path(template).path(method.toLowerCase());
        assertThat(op.isObject()).as("%s is not documented", name).isTrue();
        JsonNode response = op.path("responses").path(String.valueOf(reply.status()));
        assertThat(response.isObject()).as("%s answered %d, which it does not document: %s", name, reply.status(), reply.raw())
                .isTrue();
        JsonNode content = resolve(response).path("content");
        if (content.isMissingNode()) {
            assertThat(reply.raw()).as("%s answered %d with a body its document does not have", name, reply.status()).isEmpty();
            return;
        }
        String type = String.valueOf(reply.header("content-type")).split(";")[0].trim();
        assertThat(content.has(type)).as("%s answered %d as %s; documented: %s", name, reply.status(), type, content)
                .isTrue();
        if (type.equals("application/json")) {
            assertConforms(name + " " + reply.status(), reply.body(), content.path(type).path("schema"));
        }
    }

    static void assertConforms(String what, JsonNode value, JsonNode schema) {
        List<String> problems = new ArrayList<>();
        validate(value, schema, "$", problems);
        assertThat(problems).as("%s: %s", what, value).isEmpty();
        validated.incrementAndGet();
    }

    // ============================================================================================= the validator

    /** Adds to {@code problems} each way {@code value} (at JSON path {@code at}) breaks {@code schema}. */
    static void validate(JsonNode value, JsonNode schema, String at, List<String> problems) {
        if (schema.has("$ref")) {
            validate(value, resolve(schema), at, problems); // siblings of $ref are ignored in OpenAPI 3.0
            return;
        }
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                problems.add(at + " is null, which the schema does not allow (no \"nullable\": true)");
            }
            return;
        }
        for (JsonNode part : schema.path("allOf")) {
            validate(value, part, at, problems);
        }
        if (schema.has("oneOf")) {
            int matches = 0;
            for (JsonNode part : schema.get("oneOf")) {
                List<String> partProblems = new ArrayList<>();
                validate(value, part, at, partProblems);
                matches += partProblems.isEmpty() ? 1 : 0;
            }
            if (matches != 1) {
                problems.add(at + " matches " + matches + " of the oneOf schemas, expected exactly 1");
            }
        }
        String type = schema.path("type").asText(null);
        if (type != null && !hasType(value, type)) {
            problems.add(at + " is " + value.getNodeType().name().toLowerCase() + ", expected " + type);
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            problems.add(at + " is " + value + ", expected one of " + schema.get("enum"));
        }
        if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
            problems.add(at + " is " + value + ", expected >= " + schema.get("minimum"));
        }
        if (schema.has("pattern") && value.isTextual() && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
            problems.add(at + " is " + value + ", expected to match " + schema.get("pattern"));
        }
        if ("date-time".equals(schema.path("format").asText()) && value.isTextual() && !isInstant(value.asText())) {
            problems.add(at + " is " + value + ", expected an ISO-8601 date-time");
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    problems.add(at + " lacks required \"" + required.asText() + "\"");
                }
            }
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            value.fieldNames().forEachRemaining(field -> {
                if (properties.has(field)) {
                    validate(value.get(field), properties.get(field), at + "." + field, problems);
                } else if (additional.isBoolean() && !additional.asBoolean()) {
                    problems.add(at + " has \"" + field + "\", which the schema does not list");
                } else if (additional.isObject()) {
                    validate(value.get(field), additional, at + "." + field, problems);
                }
            });
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(value.get(i), schema.get("items"), at + "[" + i + "]", problems);
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> throw new IllegalArgumentException("unknown schema type " + type);
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isInstant(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    // ============================================================================================= the document's parts

    record Operation(String method, String path, JsonNode node) {
    }

    static List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                if (METHODS.contains(method.getKey())) {
                    out.add(new Operation(method.getKey(), path.getKey(), method.getValue()));
                }
            }
        }
        return out;
    }

    static JsonNode ref(String schema) {
        return object().put("$ref", "#/components/schemas/" + schema);
    }

    /** The node a {@code $ref} points to (only local references, {@code #/...}), or the node itself. */
    static JsonNode resolve(JsonNode node) {
        Set<String> seen = new LinkedHashSet<>();
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertThat(seen.add(ref)).as("a $ref cycle: %s", seen).isTrue();
            assertThat(ref).as("only local references").startsWith("#/");
            node = doc.at(ref.substring(1));
            assertThat(node.isMissingNode()).as("%s resolves", ref).isFalse();
        }
        return node;
    }

    private static void collectBrokenRefs(JsonNode node, String at, List<String> problems) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/") || doc.at(ref.substring(1)).isMissingNode()) {
                problems.add(at + ": $ref " + ref + " does not resolve");
            }
        }
        if (node.isObject()) {
            node.properties().forEach(field -> collectBrokenRefs(field.getValue(), at + "/" + field.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectBrokenRefs(node.get(i), at + "/" + i, problems);
            }
        }
    }
}
