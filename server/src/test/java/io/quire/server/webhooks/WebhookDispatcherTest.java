package io.quire.server.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quire.server.webhooks.Delivery.Outcome;
import io.quire.server.webhooks.Receiver.Received;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.quire.server.webhooks.WebhookEvent.CHAPTER_CHANGED;
import static io.quire.server.webhooks.WebhookEvent.MEMBER_JOINED;
import static io.quire.server.webhooks.WebhookEvent.VERSION_LABELLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.tuple;

/** Delivery through real HTTP to receivers on 127.0.0.1: signing, retries, isolation, order, bounds, close. */
class WebhookDispatcherTest extends DispatcherFixture {

    private static WebhookEvent event(String type, String book) {
        return WebhookEvent.of(type, book, JsonNodeFactory.instance.objectNode().put("userId", "carol"));
    }

    private static List<String> ids(List<Received> received) {
        return received.stream().map(Received::eventId).toList();
    }

    @Test
    void postsASignedJsonBodyWithTheDocumentedHeaders() throws Exception {
        Receiver receiver = receiver(204);
        Webhook hook = hook("book-1", receiver);
        dispatcher(fast());
        WebhookEvent event = event(MEMBER_JOINED, "book-1");

        dispatcher.publish(event);

        Received got = receiver.awaitCount(1).get(0);
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.path()).isEqualTo("/hook");
        assertThat(got.header("Content-Type")).isEqualTo("application/json");
        assertThat(got.header("User-Agent")).isEqualTo("Quire-Webhooks/1");
        assertThat(got.header("X-Quire-Event")).isEqualTo(MEMBER_JOINED);
        assertThat(got.header("X-Quire-Delivery")).isEqualTo(event.id());
        String timestamp = got.header("X-Quire-Timestamp");
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), within(60L));
        String signature = got.header("X-Quire-Signature");
        assertThat(WebhookSignature.verify(hook.secret(), timestamp, got.body(), signature)).isTrue();
        assertThat(WebhookSignature.verify(Webhook.newSecret(), timestamp, got.body(), signature)).isFalse();

        JsonNode body = got.json();
        assertThat(body.get("id").asText()).isEqualTo(event.id());
        assertThat(body.get("type").asText()).isEqualTo(MEMBER_JOINED);
        assertThat(body.get("bookId").asText()).isEqualTo("book-1");
        assertThat(Instant.parse(body.get("occurredAt").asText())).isEqualTo(event.occurredAt());
        assertThat(body.get("data").get("userId").asText()).isEqualTo("carol");

        Delivery delivery = awaitDeliveries(hook, 1).get(0);
        assertThat(delivery.eventId()).isEqualTo(event.id());
        assertThat(delivery.type()).isEqualTo(MEMBER_JOINED);
        assertThat(delivery.attempt()).isEqualTo(1);
        assertThat(delivery.status()).isEqualTo(204);
        assertThat(delivery.error()).isNull();
        assertThat(delivery.outcome()).isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void retriesTwoFailuresWithGrowingGapsAndTheSameDeliveryId() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Receiver receiver = receiver(request -> calls.incrementAndGet() <= 2 ? 500 : 200);
        Webhook hook = hook("book-1", receiver);
        dispatcher(new WebhookSettings(Duration.ofMillis(200), Duration.ofMillis(150), 2.0, Duration.ofSeconds(5), 5,
                100, Duration.ofSeconds(2)));
        WebhookEvent event = event(VERSION_LABELLED, "book-1");

        dispatcher.publish(event);

        List<Delivery> log = awaitDeliveries(hook, 3);
        List<Received> received = receiver.received();
        assertThat(received).hasSize(3);
        assertThat(ids(received)).containsOnly(event.id());
        long firstGap = millisBetween(received.get(0), received.get(1));
        long secondGap = millisBetween(received.get(1), received.get(2));
        assertThat(firstGap).isGreaterThanOrEqualTo(150);
        assertThat(secondGap).isGreaterThanOrEqualTo(300).isGreaterThan(firstGap);
        // Each retry is signed afresh and still verifies.
        for (Received attempt : received) {
            assertThat(WebhookSignature.verify(hook.secret(), attempt.header("X-Quire-Timestamp"), attempt.body(),
                    attempt.header("X-Quire-Signature"))).isTrue();
        }
        assertThat(log).extracting(Delivery::attempt, Delivery::status, Delivery::outcome).containsExactly(
                tuple(3, 200, Outcome.DELIVERED),
                tuple(2, 500, Outcome.WILL_RETRY),
                tuple(1, 500, Outcome.WILL_RETRY));

        Thread.sleep(700); // longer than the next retry would have waited: a delivered event is not sent again
        assertThat(receiver.received()).hasSize(3);
    }

    @Test
    void aReceiverThatNeverAnswersDelaysOnlyItsOwnHookAndNeverThePublisher() throws Exception {
        Receiver dead = receiver(Receiver.HANG);
        Receiver alive = receiver(200);
        Webhook stuck = hook("book-1", dead);
        hook("book-1", alive);
        dispatcher(new WebhookSettings(Duration.ofMillis(200), Duration.ofMillis(100), 2.0, Duration.ofSeconds(2), 5,
                1_000, Duration.ofMillis(500)));
        WebhookEvent first = event(MEMBER_JOINED, "book-1");
        dispatcher.publish(first);
        dead.awaitCount(1);

        List<WebhookEvent> published = new ArrayList<>(List.of(first));
        long slowest = 0;
        long started = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            WebhookEvent event = event(MEMBER_JOINED, "book-1");
            long before = System.nanoTime();
            dispatcher.publish(event);
            slowest = Math.max(slowest, System.nanoTime() - before);
            published.add(event);
        }
        long total = System.nanoTime() - started;

        // A publish that waited for the receiver would take the whole 500 ms timeout.
        assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).isLessThan(100);
        assertThat(TimeUnit.NANOSECONDS.toMillis(total)).isLessThan(1_000);
        assertThat(ids(alive.awaitCount(published.size()))).containsExactlyElementsOf(
                published.stream().map(WebhookEvent::id).toList());
        // The dead hook is still on its first event: it only ever saw that one, however often it was retried.
        assertThat(ids(dead.received())).containsOnly(first.id());

        Delivery timedOut = awaitDeliveries(stuck, 1).get(0);
        assertThat(timedOut.eventId()).isEqualTo(first.id());
        assertThat(timedOut.status()).isZero();
        assertThat(timedOut.error()).contains("timeout");
        assertThat(timedOut.durationMillis()).isBetween(450L, 5_000L);
        assertThat(timedOut.outcome()).isEqualTo(Outcome.WILL_RETRY);
        dead.awaitCount(2); // and it is retried after the timeout
        assertThat(ids(dead.received())).containsOnly(first.id());
    }

    @Test
    void deliversEachHooksEventsInPublishOrder() throws Exception {
        Receiver receiver = receiver(200);
        hook("book-1", receiver);
        dispatcher(fast());
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            WebhookEvent event = event(i % 2 == 0 ? MEMBER_JOINED : VERSION_LABELLED, "book-1");
            published.add(event.id());
            dispatcher.publish(event);
        }
        assertThat(ids(receiver.awaitCount(50))).containsExactlyElementsOf(published);
    }

    @Test
    void sendsOnlyTheTypesAHookSubscribedToAndOnlyItsOwnBooksEvents() throws Exception {
        Receiver picky = receiver(200);
        Receiver everything = receiver(200);
        hook("book-1", picky, MEMBER_JOINED);
        hook("book-1", everything);
        dispatcher(fast());

        dispatcher.publish(event(CHAPTER_CHANGED, "book-1"));
        dispatcher.publish(event(VERSION_LABELLED, "book-1"));
        dispatcher.publish(event(MEMBER_JOINED, "book-2"));
        WebhookEvent wanted = event(MEMBER_JOINED, "book-1");
        dispatcher.publish(wanted);

        // Published last and delivered in order: once it is in, nothing before it can still come.
        assertThat(ids(picky.awaitCount(1))).containsExactly(wanted.id());
        assertThat(everything.awaitCount(3)).extracting(r -> r.header("X-Quire-Event"))
                .containsExactly(CHAPTER_CHANGED, VERSION_LABELLED, MEMBER_JOINED);
        assertThat(everything.received()).extracting(r -> r.json().get("bookId").asText()).containsOnly("book-1");
    }

    @Test
    void aFullQueueDropsTheOldestWaitingEvents() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Receiver receiver = receiver(request -> calls.incrementAndGet() == 1 ? Receiver.HANG : 200);
        Webhook hook = hook("book-1", receiver);
        dispatcher(new WebhookSettings(Duration.ofMillis(200), Duration.ofMillis(100), 2.0, Duration.ofSeconds(2), 5,
                3, Duration.ofSeconds(5)));
        List<WebhookEvent> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(event(MEMBER_JOINED, "book-1"));
            dispatcher.publish(events.get(i));
        }
        // The first is in flight, held by the receiver; 3 may wait behind it, so the 2nd and 3rd are dropped.
        List<Delivery> drops = awaitDeliveries(hook, 2);
        assertThat(drops).extracting(Delivery::eventId, Delivery::outcome, Delivery::attempt).containsExactly(
                tuple(events.get(2).id(), Outcome.DROPPED, 0),
                tuple(events.get(1).id(), Outcome.DROPPED, 0));
        receiver.awaitCount(1);
        receiver.releaseHeld(200);

        assertThat(ids(receiver.awaitCount(4))).containsExactly(events.get(0).id(), events.get(3).id(),
                events.get(4).id(), events.get(5).id());
        Thread.sleep(300);
        assertThat(receiver.received()).hasSize(4);
    }

    @Test
    void givesUpAfterMaxAttemptsAndMovesOnToTheNextEvent() throws Exception {
        WebhookEvent doomed = event(MEMBER_JOINED, "book-1");
        WebhookEvent next = event(MEMBER_JOINED, "book-1");
        Receiver receiver = receiver(request -> request.eventId().equals(doomed.id()) ? 503 : 200);
        Webhook hook = hook("book-1", receiver);
        dispatcher(new WebhookSettings(Duration.ofMillis(200), Duration.ofMillis(50), 2.0, Duration.ofSeconds(2), 3,
                100, Duration.ofSeconds(2)));

        dispatcher.publish(doomed);
        dispatcher.publish(next);

        assertThat(ids(receiver.awaitCount(4))).containsExactly(doomed.id(), doomed.id(), doomed.id(), next.id());
        assertThat(awaitDeliveries(hook, 4)).extracting(Delivery::eventId, Delivery::attempt, Delivery::outcome)
                .containsExactly(
                        tuple(next.id(), 1, Outcome.DELIVERED),
                        tuple(doomed.id(), 3, Outcome.GAVE_UP),
                        tuple(doomed.id(), 2, Outcome.WILL_RETRY),
                        tuple(doomed.id(), 1, Outcome.WILL_RETRY));
    }

    @Test
    void closeStopsRetryingAndLaterPublishesSendNothing() throws Exception {
        Receiver receiver = receiver(500);
        Webhook hook = hook("book-1", receiver);
        dispatcher(new WebhookSettings(Duration.ofMillis(200), Duration.ofMillis(300), 2.0, Duration.ofSeconds(2), 5,
                100, Duration.ofSeconds(2)));
        dispatcher.publish(event(MEMBER_JOINED, "book-1"));
        assertThat(awaitDeliveries(hook, 1).get(0).outcome()).isEqualTo(Outcome.WILL_RETRY);

        dispatcher.close();
        dispatcher.publish(event(MEMBER_JOINED, "book-1"));
        dispatcher.chapterChanged("book-1", "chapter-1", 1, "alice");

        Thread.sleep(900); // three times the retry delay
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void closeReturnsPromptlyWithAnAttemptInFlight() throws Exception {
        Receiver receiver = receiver(Receiver.HANG);
        hook("book-1", receiver);
        dispatcher(new WebhookSettings(Duration.ofMillis(200), Duration.ofMillis(100), 2.0, Duration.ofSeconds(2), 5,
                100, Duration.ofSeconds(5)));
        dispatcher.publish(event(MEMBER_JOINED, "book-1"));
        receiver.awaitCount(1);

        long started = System.nanoTime();
        dispatcher.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_000);
        Thread.sleep(300);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void aDeletedHookIsNotRetried() throws Exception {
        Receiver receiver = receiver(500);
        Webhook hook = hook("book-1", receiver);
        dispatcher(fast());
        dispatcher.publish(event(MEMBER_JOINED, "book-1"));
        awaitDeliveries(hook, 1);

        books.get("book-1").remove(hook);

        Receiver.awaitTrue(() -> dispatcher.recentDeliveries(hook.id()).isEmpty(), () -> "the deleted hook to retire");
        Thread.sleep(300);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void aFailingRegistryLookupLosesTheEventButNotTheDispatcher() throws Exception {
        Receiver receiver = receiver(200);
        hook("book-1", receiver);
        AtomicInteger lookups = new AtomicInteger();
        dispatcher = new WebhookDispatcher(vertx, book -> {
            if (lookups.incrementAndGet() == 1) {
                throw new IllegalStateException("registry hiccup");
            }
            return books.getOrDefault(book, List.of());
        }, fast());
        dispatcher.publish(event(MEMBER_JOINED, "book-1"));
        WebhookEvent second = event(MEMBER_JOINED, "book-1");
        dispatcher.publish(second);

        assertThat(ids(receiver.awaitCount(1))).containsExactly(second.id());
    }
}
