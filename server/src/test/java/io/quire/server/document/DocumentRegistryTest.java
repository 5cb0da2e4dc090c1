package io.quire.server.document;

import io.quire.ot.AttributeMap;
import io.quire.ot.Delta;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.DocumentStore;
import io.quire.server.storage.InMemoryDocumentStore;
import io.quire.server.storage.Snapshot;
import io.quire.server.storage.StoredOp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The op pipeline through the registry and a document's sequencer, on the in-memory store. */
class DocumentRegistryTest {
    private static final DocKey DOC = new DocKey("book", "chapter-1");
    private final AtomicInteger encodes = new AtomicInteger();
    private DocumentStore store;
    private DocumentRegistry registry;

    @BeforeEach
    void open() {
        store = new InMemoryDocumentStore();
        registry = new DocumentRegistry(store, new SequencerSettings(10, 5, 0, 50, 60_000), op -> {
            encodes.incrementAndGet();
            return "frame v" + op.version();
        });
    }

    @AfterEach
    void close() {
        registry.close();
        store.close();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static Submission create(String text) {
        return new Submission(null, "client-a", 1, StoredOp.Kind.CREATE, Delta.ofText(text), "alice", null);
    }

    private static Submission edit(long base, String source, long seq, Delta delta) {
        return new Submission(base, source, seq, StoredOp.Kind.EDIT, delta, source + "-user", null);
    }

    private static Delta insertAt(int at, String text) {
        return Delta.builder().retain(at).insert(text).build();
    }

    @Test
    void createsAndEditsAtTheHead() throws Exception {
        assertThat(await(registry.submit(DOC, create("Hello\n"))).version()).isZero();
        Committed committed = await(registry.submit(DOC, edit(1, "client-a", 2, insertAt(5, "!"))));
        assertThat(committed.version()).isEqualTo(1);
        Snapshot snapshot = await(registry.fetch(DOC));
        assertThat(snapshot.version()).isEqualTo(2);
        assertThat(snapshot.content()).isEqualTo(Delta.ofText("Hello!\n"));
        assertThat(store.ops(DOC, 0, 10)).extracting(StoredOp::author).containsExactly("alice", "client-a-user");
    }

    @Test
    void transformsALateOpWithTheCommittedOpWinningTies() throws Exception {
        await(registry.submit(DOC, create("ab\n")));
        await(registry.submit(DOC, edit(1, "client-a", 2, insertAt(1, "X"))));
        Committed late = await(registry.submit(DOC, edit(1, "client-b", 1, insertAt(1, "Y"))));
        assertThat(late.version()).isEqualTo(2);
        assertThat(late.missed()).extracting(StoredOp::version).containsExactly(1L);
        assertThat(await(registry.fetch(DOC)).content()).isEqualTo(Delta.ofText("aXYb\n"));
        assertThat(store.ops(DOC, 2, 3).get(0).delta()).isEqualTo(insertAt(2, "Y"));
    }

    /** A submitter that is subscribed has had every earlier op broadcast to it; one that is not must get them with the ack. */
    @Test
    void missedOpsGoOnlyToSubmittersThatWereNotSentThem() throws Exception {
        await(registry.submit(DOC, create("ab\n")));
        await(registry.submit(DOC, edit(1, "client-a", 2, insertAt(1, "X"))));
        Subscriber b = subscriber("client-b", Collections.synchronizedList(new ArrayList<>()));
        Committed unsubscribed = await(registry.submit(DOC,
                new Submission(1L, "client-b", 1, StoredOp.Kind.EDIT, insertAt(0, "Y"), "bob", b)));
        assertThat(unsubscribed.missed()).extracting(StoredOp::version).containsExactly(1L);
        await(registry.subscribe(DOC, b));
        await(registry.submit(DOC, edit(3, "client-a", 3, insertAt(0, "Z"))));
        Committed subscribed = await(registry.submit(DOC,
                new Submission(3L, "client-b", 2, StoredOp.Kind.EDIT, insertAt(0, "W"), "bob", b)));
        assertThat(subscribed.version()).isEqualTo(4);
        assertThat(subscribed.missed()).isEmpty();
    }

    @Test
    void acknowledgesAResubmittedOpWithoutApplyingItTwice() throws Exception {
        await(registry.submit(DOC, create("ab\n")));
        Committed first = await(registry.submit(DOC, edit(1, "client-b", 7, insertAt(0, "Z"))));
        await(registry.submit(DOC, edit(2, "client-a", 2, insertAt(0, "Q"))));
        Committed again = await(registry.submit(DOC, edit(1, "client-b", 7, insertAt(0, "Z"))));
        assertThat(again.duplicate()).isTrue();
        assertThat(again.version()).isEqualTo(first.version());
        assertThat(await(registry.fetch(DOC)).content()).isEqualTo(Delta.ofText("QZab\n"));
        assertThat(await(registry.fetch(DOC)).version()).isEqualTo(3);
    }

    @Test
    void refusesBadOpsAndStoresNothing() throws Exception {
        await(registry.submit(DOC, create("ab\n")));
        assertRejected(registry.submit(DOC, edit(5, "c", 1, insertAt(0, "x"))), Rejection.Reason.VERSION_IN_FUTURE);
        assertRejected(registry.submit(DOC, edit(1, "c", 2, Delta.builder().retain(10).delete(2).build())),
                Rejection.Reason.OP_DOES_NOT_FIT);
        assertRejected(registry.submit(DOC, create("again")), Rejection.Reason.ALREADY_CREATED);
        assertRejected(registry.submit(new DocKey("book", "none"), edit(0, "c", 3, insertAt(0, "x"))),
                Rejection.Reason.DOES_NOT_EXIST);
        assertThat(store.ops(DOC, 0, 100)).hasSize(1);
        assertThat(await(registry.fetch(DOC)).content()).isEqualTo(Delta.ofText("ab\n"));
        // The document is still healthy.
        assertThat(await(registry.submit(DOC, edit(1, "c", 4, insertAt(0, "ok ")))).version()).isEqualTo(1);
    }

    @Test
    void deleteEndsTheDocumentAndLaterOpsAreRefused() throws Exception {
        await(registry.submit(DOC, create("ab\n")));
        await(registry.submit(DOC, new Submission(1L, "c", 2, StoredOp.Kind.DELETE, null, "u", null)));
        assertThat(await(registry.fetch(DOC)).exists()).isFalse();
        assertRejected(registry.submit(DOC, edit(1, "d", 1, insertAt(0, "x"))), Rejection.Reason.WAS_DELETED);
    }

    @Test
    void subscribersGetEveryOtherAuthorsOpOnceInOrderEncodedOnce() throws Exception {
        await(registry.submit(DOC, create("ab\n")));
        List<String> a = Collections.synchronizedList(new ArrayList<>());
        List<String> b = Collections.synchronizedList(new ArrayList<>());
        await(registry.subscribe(DOC, subscriber("client-a", a)));
        await(registry.subscribe(DOC, subscriber("client-b", b)));
        encodes.set(0);
        for (int i = 0; i < 5; i++) {
            await(registry.submit(DOC, edit(1 + i, "client-a", 10 + i, insertAt(0, "x"))));
        }
        assertThat(a).isEmpty();
        assertThat(b).containsExactly("frame v1", "frame v2", "frame v3", "frame v4", "frame v5");
        assertThat(encodes).hasValue(5);
    }

    @Test
    void pastVersionsAndTimesComeBackAsTheyWere() throws Exception {
        await(registry.submit(DOC, create("")));
        List<Delta> states = new ArrayList<>();
        states.add(Delta.EMPTY);
        for (int i = 0; i < 35; i++) {
            await(registry.submit(DOC, edit(1 + i, "c", 2 + i, insertAt(0, String.valueOf((char) ('a' + i % 26))))));
            states.add(await(registry.fetch(DOC)).content());
        }
        for (int v = 1; v <= 36; v++) {
            assertThat(await(registry.snapshotAt(DOC, v)).content()).as("version %d", v).isEqualTo(states.get(v - 1));
        }
        assertThat(await(registry.snapshotAt(DOC, 0)).exists()).isFalse();
        assertRejected(registry.snapshotAt(DOC, 37), Rejection.Reason.VERSION_IN_FUTURE);
        assertThat(store.snapshotAtOrBefore(DOC, 36).map(Snapshot::version)).contains(30L);
        long last = store.ops(DOC, 35, 36).get(0).timestamp();
        assertThat(await(registry.snapshotAtTime(DOC, last)).version()).isEqualTo(36);
        assertThat(await(registry.snapshotAtTime(DOC, 0)).version()).isZero();
    }

    @Test
    void reloadsFromStorageAfterBeingUnloaded() throws Exception {
        registry.close();
        registry = new DocumentRegistry(store, new SequencerSettings(10, 5, 0, 50, 0), op -> "f");
        await(registry.submit(DOC, create("ab\n")));
        for (int i = 0; i < 23; i++) {
            await(registry.submit(DOC, edit(1 + i, "c", 2 + i, insertAt(i % 3, "x"))));
        }
        Snapshot before = await(registry.fetch(DOC));
        registry.unloadIdle();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (registry.openDocuments() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(registry.openDocuments()).isZero();
        assertThat(await(registry.fetch(DOC))).isEqualTo(before);
        assertThat(await(registry.submit(DOC, edit(before.version(), "c", 99, insertAt(0, "y")))).version())
                .isEqualTo(before.version());
    }

    @Test
    void unloadsADocumentOnlyOnceItHasBeenIdleForTheSetTime() throws Exception {
        registry.close();
        registry = new DocumentRegistry(store, new SequencerSettings(10, 5, 0, 50, 300), op -> "f");
        await(registry.submit(DOC, create("ab\n")));
        registry.unloadIdle();
        Thread.sleep(50);
        assertThat(registry.openDocuments()).as("used just now").isEqualTo(1);
        // The sweeps themselves are not uses: checked again and again, the document still goes once idle.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (registry.openDocuments() > 0 && System.nanoTime() < deadline) {
            registry.unloadIdle();
            Thread.sleep(20);
        }
        assertThat(registry.openDocuments()).isZero();
        assertThat(await(registry.fetch(DOC)).version()).isEqualTo(1);
    }

    /** Many writers at once on one document: every op lands once, versions have no gaps, the log replays to the content. */
    @Test
    void concurrentWritersConverge() throws Exception {
        await(registry.submit(DOC, create("start\n")));
        int writers = 8;
        int opsEach = 60;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                Random random = new Random(writer);
                try {
                    for (int i = 0; i < opsEach; i++) {
                        Snapshot seen = await(registry.fetch(DOC));
                        int at = random.nextInt(seen.content().length());
                        Delta change = random.nextBoolean() ? insertAt(at, "w" + writer)
                                : Delta.builder().retain(at).retain(1, AttributeMap.of("bold", true)).build();
                        await(registry.submit(DOC, edit(seen.version(), "w" + writer, i + 1, change)));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertThat(failures).isEmpty();
        Snapshot end = await(registry.fetch(DOC));
        assertThat(end.version()).isEqualTo(1 + writers * opsEach);
        List<StoredOp> log = store.ops(DOC, 0, end.version());
        Delta replay = Delta.EMPTY;
        for (int v = 0; v < log.size(); v++) {
            assertThat(log.get(v).version()).isEqualTo(v);
            replay = replay.compose(log.get(v).delta());
        }
        assertThat(replay).isEqualTo(end.content());
    }

    private static Subscriber subscriber(String source, List<String> frames) {
        return new Subscriber() {
            @Override
            public String source() {
                return source;
            }

            @Override
            public void onOp(StoredOp op, String frame) {
                frames.add(frame);
            }
        };
    }

    private static void assertRejected(CompletableFuture<?> future, Rejection.Reason reason) {
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(Rejection.class)
                .satisfies(e -> assertThat(((Rejection) e).reason()).isEqualTo(reason));
    }
}
