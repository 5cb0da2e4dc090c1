package io.quire.server.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.server.webhooks.Receiver.Received;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.quire.server.webhooks.WebhookEvent.CHAPTER_CHANGED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * chapterChanged: a chapter's first op opens a window, which closes {@code debounce} later as one event, however
 * many ops are still coming. So a burst is one event and a continuous typist yields one event per period.
 */
class ChapterChangedTest extends DispatcherFixture {

    private static WebhookSettings debounce(long millis) {
        return new WebhookSettings(Duration.ofMillis(millis), Duration.ofMillis(100), 2.0, Duration.ofSeconds(2), 5,
                1_000, Duration.ofSeconds(2));
    }

    private static List<JsonNode> data(List<Received> received) {
        return received.stream().map(r -> r.json().get("data")).toList();
    }

    @Test
    void aBurstOfAThousandOpsIsOneEventWithTheFullRangeAndEveryAuthor() throws Exception {
        Receiver receiver = receiver(200);
        hook("book-1", receiver, CHAPTER_CHANGED);
        dispatcher(debounce(500));
        String[] authors = {"alice", "bob", "carol"};

        long started = System.nanoTime();
        for (int version = 0; version < 1_000; version++) {
            dispatcher.chapterChanged("book-1", "chapter-1", version, authors[version % 3]);
        }
        // Far inside one window, and cheap: no I/O on the commit path.
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(250);

        Received got = receiver.awaitCount(1).get(0);
        assertThat(got.header("X-Quire-Event")).isEqualTo(CHAPTER_CHANGED);
        JsonNode body = got.json();
        assertThat(body.get("type").asText()).isEqualTo(CHAPTER_CHANGED);
        assertThat(body.get("bookId").asText()).isEqualTo("book-1");
        JsonNode data = body.get("data");
        assertThat(data.get("chapterId").asText()).isEqualTo("chapter-1");
        assertThat(data.get("fromVersion").asLong()).isZero();
        assertThat(data.get("toVersion").asLong()).isEqualTo(999);
        assertThat(data.get("ops").asLong()).isEqualTo(1_000);
        assertThat(data.get("authors")).extracting(JsonNode::asText).containsExactly("alice", "bob", "carol");

        Thread.sleep(1_200); // two more windows' worth: nothing else comes
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void eachChapterHasItsOwnWindow() throws Exception {
        Receiver receiver = receiver(200);
        hook("book-1", receiver);
        dispatcher(debounce(300));

        dispatcher.chapterChanged("book-1", "chapter-1", 7, "alice");
        dispatcher.chapterChanged("book-1", "chapter-2", 3, "bob");
        dispatcher.chapterChanged("book-1", "chapter-1", 8, "alice");
        dispatcher.chapterChanged("book-2", "chapter-1", 1, "mallory"); // a book without hooks

        List<JsonNode> events = new ArrayList<>(data(receiver.awaitCount(2)));
        events.sort(Comparator.comparing(d -> d.get("chapterId").asText()));
        assertThat(events).extracting(d -> d.get("chapterId").asText(), d -> d.get("fromVersion").asLong(),
                        d -> d.get("toVersion").asLong(), d -> d.get("ops").asLong())
                .containsExactly(tuple("chapter-1", 7L, 8L, 2L),
                        tuple("chapter-2", 3L, 3L, 1L));
        Thread.sleep(600);
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void aContinuousTypistStillGetsEventsPeriodically() throws Exception {
        Receiver receiver = receiver(200);
        hook("book-1", receiver);
        dispatcher(debounce(200));

        long started = System.nanoTime();
        for (int version = 0; version < 60; version++) {
            dispatcher.chapterChanged("book-1", "chapter-1", version, "alice");
            Thread.sleep(20);
        }
        long typingEnded = System.nanoTime();

        Receiver.awaitTrue(() -> data(receiver.received()).stream().mapToLong(d -> d.get("ops").asLong()).sum() == 60,
                () -> "all 60 ops reported, got " + data(receiver.received()));
        List<Received> received = receiver.received();
        // Typing lasted 1.2 s or more: at most one event per 200 ms window, and several before the typing stopped.
        long duringTyping = received.stream().filter(r -> r.nanos() < typingEnded).count();
        assertThat(duringTyping).isGreaterThanOrEqualTo(3);
        long typingMillis = TimeUnit.NANOSECONDS.toMillis(typingEnded - started);
        assertThat((long) received.size()).isLessThanOrEqualTo(typingMillis / 200 + 2);
        assertContiguous(data(received), 0, 59);
    }

    @Test
    void concurrentCommitsAcrossChaptersLoseAndDuplicateNothing() throws Exception {
        Receiver receiver = receiver(200);
        hook("book-1", receiver);
        dispatcher(debounce(30)); // short windows, so the sweep closes many of them while ops keep arriving
        int threads = 4;
        int opsPerChapter = 50_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> sequencers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String chapter = "chapter-" + t;
            Thread sequencer = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int version = 0; version < opsPerChapter; version++) {
                    dispatcher.chapterChanged("book-1", chapter, version, "user-" + (version % 5));
                    if (version % 1_000 == 999) {
                        LockSupport.parkNanos(1_000_000); // spread the ops over several windows
                    }
                }
            });
            sequencers.add(sequencer);
            sequencer.start();
        }
        long started = System.nanoTime();
        go.countDown();
        for (Thread sequencer : sequencers) {
            sequencer.join(10_000);
            assertThat(sequencer.isAlive()).isFalse();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(elapsedMillis).as("200,000 calls on 4 threads, including 50 ms of deliberate pauses each").isLessThan(5_000);

        Receiver.awaitTrue(() -> data(receiver.received()).stream().mapToLong(d -> d.get("ops").asLong()).sum()
                        == (long) threads * opsPerChapter,
                () -> "every op reported once, got " + receiver.received().size() + " events");
        for (int t = 0; t < threads; t++) {
            String chapter = "chapter-" + t;
            List<JsonNode> events = data(receiver.received()).stream()
                    .filter(d -> d.get("chapterId").asText().equals(chapter)).toList();
            assertThat(events.size()).as("events of " + chapter).isGreaterThan(1);
            assertContiguous(events, 0, opsPerChapter - 1);
        }
    }

    /** Events of one chapter, in delivery order, cover first..last exactly once, each as many ops as versions. */
    private static void assertContiguous(List<JsonNode> events, long first, long last) {
        long expectedFrom = first;
        for (JsonNode event : events) {
            long from = event.get("fromVersion").asLong();
            long to = event.get("toVersion").asLong();
            assertThat(from).as("fromVersion of " + event).isEqualTo(expectedFrom);
            assertThat(event.get("ops").asLong()).as("ops of " + event).isEqualTo(to - from + 1);
            expectedFrom = to + 1;
        }
        assertThat(expectedFrom - 1).isEqualTo(last);
    }
}
