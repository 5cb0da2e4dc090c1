package io.quire.server.it;

import static io.quire.server.it.Api.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.webhooks.WebhookSignature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhooks end to end: an owner registers a receiver (an HTTP server on loopback) through the API, and what people
 * do to the book reaches it signed with the secret the owner was given; a failing receiver is retried.
 */
class WebhooksApiTest {
    static final String SECRET = "webhook-test-secret-that-is-long-enough-42";
    static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final SecuredServer server = new SecuredServer(SECRET, true);
    static Vertx receiverVertx;
    static HttpServer receiver;
    /** Requests the receiver got: signature header, timestamp header, raw body. */
    static final List<String[]> received = new CopyOnWriteArrayList<>();
    /** How many requests to answer 500 before answering 200. */
    static final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        receiverVertx = Vertx.vertx();
        receiver = receiverVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(new String[] {request.getHeader("X-Quire-Signature"), request.getHeader("X-Quire-Timestamp"),
                    body.toString(), request.getHeader("X-Quire-Delivery")});
            request.response().setStatusCode(failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204).end();
        })).listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (receiverVertx != null) {
            receiverVertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    static Api as(String user) {
        return server.as(user);
    }

    @Test
    void eventsArriveSignedAndAFailingReceiverIsRetried() throws Exception {
        Api owner = as("owner-" + UUID.randomUUID());
        String book = owner.post("/books", object().put("title", "Hooked")).ok().path("id").asText();
        String b = "/books/" + book;
        owner.post(b + "/chapters", object().put("id", "one").put("title", "One")).ok();
        ObjectNode register = object().put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hook");
        register.set("events", NodeScripts.JSON.createArrayNode().add("member.joined").add("version.labelled").add("chapter.changed"));
        JsonNode hook = owner.post(b + "/webhooks", register).ok();
        String secret = hook.path("secret").asText();
        assertThat(secret).isNotBlank();
        assertThat(owner.get(b + "/webhooks").ok().toString()).doesNotContain(secret);

        // A member joins; the receiver fails once, so the event comes twice with one delivery id.
        failuresLeft.set(1);
        owner.post(b + "/members", object().put("userId", "zoe").put("role", "editor")).ok();
        List<String[]> joined = await("member.joined", 2);
        assertThat(joined.get(0)[3]).isEqualTo(joined.get(1)[3]);
        for (String[] request : joined) {
            assertThat(WebhookSignature.verify(secret, request[1], request[2], request[0])).isTrue();
            assertThat(WebhookSignature.verify("whsec_wrong", request[1], request[2], request[0])).isFalse();
        }
        JsonNode event = NodeScripts.JSON.readTree(joined.get(1)[2]);
        assertThat(event.path("bookId").asText()).isEqualTo(book);
        assertThat(event.path("data").path("userId").asText()).isEqualTo("zoe");
        JsonNode deliveries = owner.get(b + "/webhooks/" + hook.path("id").asText() + "/deliveries").ok().path("deliveries");
        assertThat(deliveries.toString()).contains("\"status\":500").contains("delivered");

        // A labelled version.
        owner.post(b + "/versions", object().put("name", "draft")).ok();
        JsonNode labelled = NodeScripts.JSON.readTree(await("version.labelled", 1).get(0)[2]);
        assertThat(labelled.path("data").path("name").asText()).isEqualTo("draft");

        // Typing is announced once per quiet spell, with who typed and the versions covered.
        Api zoe = as("zoe");
        long version = owner.get(b + "/chapters/one/content").ok().path("version").asLong();
        for (int i = 0; i < 5; i++) {
            ObjectNode edit = object().put("version", version + i);
            edit.set("ops", NodeScripts.JSON.createArrayNode().add(object().put("insert", "x")));
            zoe.post(b + "/chapters/one/ops", edit).ok();
        }
        JsonNode changed = NodeScripts.JSON.readTree(await("chapter.changed", 1).get(0)[2]);
        assertThat(changed.path("data").path("chapterId").asText()).isEqualTo("one");
        assertThat(changed.path("data").path("authors").toString()).contains("zoe");
        assertThat(changed.path("data").path("toVersion").asLong()).isEqualTo(version + 4);

        // Unsubscribed types are not sent: a chapter created is not among the hook's events.
        owner.post(b + "/chapters", object().put("title", "Two")).ok();
        Thread.sleep(500);
        assertThat(received.stream().map(r -> r[2]).filter(body -> body.contains("chapter.created"))).isEmpty();
    }

    /** The requests of {@code type}, once there are {@code count} of them (bounded wait). */
    private static List<String[]> await(String type, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String[]> matching = received.stream().filter(r -> r[2].contains("\"type\":\"" + type + "\"")).toList();
            if (matching.size() >= count) {
                return matching;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + count + " " + type + " events within " + WAIT + "; got " + received.size()
                + " requests: " + received.stream().map(r -> r[2]).toList());
    }
}
