package io.quire.server.storage;

import io.quire.ot.AttributeMap;
import io.quire.ot.AuthorRun;
import io.quire.ot.Authorship;
import io.quire.ot.Delta;
import io.quire.ot.Embed;
import io.quire.server.storage.DocumentStore.Head;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link DocumentStore} must do, run against each implementation by a subclass that says how to make
 * one. The durability half of the contract (surviving a crash) can only be checked per implementation.
 */
public abstract class DocumentStoreContract {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final DocKey DOC = new DocKey("book", "chapter-1");
    static final DocKey OTHER = new DocKey("book", "chapter-2");
    static final long T0 = 1_700_000_000_000L;

    protected DocumentStore store;

    /** A new, empty store. */
    protected abstract DocumentStore createStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void recordsArePutReplacedScannedByPrefixAndDeleted() {
        RecordStore records = store.records();
        records.put("book/b1", "one".getBytes());
        records.put("book/b2", "two".getBytes());
        records.put("invite/x", "three".getBytes());
        records.put("book/b1", "uno".getBytes());
        assertThat(records.scan("book/")).containsOnlyKeys("book/b1", "book/b2");
        assertThat(new String(records.scan("book/").get("book/b1"))).isEqualTo("uno");
        assertThat(records.scan("")).containsOnlyKeys("book/b1", "book/b2", "invite/x");
        assertThat(records.scan("none/")).isEmpty();
        records.delete("book/b1");
        records.delete("book/never");
        assertThat(records.scan("book/")).containsOnlyKeys("book/b2");
    }

    // ---- helpers ----

    /** The op a test writes at {@code version}: a create at 0, else an edit inserting its own name. */
    static StoredOp op(DocKey key, long version, String author) {
        if (version == 0) {
            return new StoredOp(key, 0, "src-" + author, 1, StoredOp.Kind.CREATE, Delta.ofText("start\n"), author, T0);
        }
        Delta insert = Delta.builder().insert(key + "@" + version + " ").build();
        return new StoredOp(key, version, "src-" + author, version + 1, StoredOp.Kind.EDIT, insert, author, T0 + version);
    }

    static List<StoredOp> ops(DocKey key, long from, long to, String author) {
        return LongStream.range(from, to).mapToObj(v -> op(key, v, author)).toList();
    }

    static Snapshot snapshot(DocKey key, long version) {
        return new Snapshot(key, version, true, Delta.ofText("state at " + version + "\n"), T0, T0 + version - 1);
    }

    static <T> T await(CompletableFuture<T> future) {
        assertThat(future).succeedsWithin(WAIT);
        return future.join();
    }

    static void assertRefused(CompletableFuture<Void> future, String messagePart) {
        assertThat(future).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(IllegalArgumentException.class).withMessageContaining(messagePart);
    }

    void append(DocKey key, List<StoredOp> ops, Snapshot... snapshots) {
        await(store.append(key, ops, List.of(snapshots)));
    }

    static List<Long> versions(List<StoredOp> ops) {
        return ops.stream().map(StoredOp::version).toList();
    }

    // ---- reads of an empty store ----

    @Test
    void emptyStoreHasNoHeadOpsOrSnapshots() {
        assertThat(store.head(DOC)).isEmpty();
        assertThat(store.ops(DOC, 0, 100)).isEmpty();
        assertThat(store.snapshotAtOrBefore(DOC, 100)).isEmpty();
        assertThat(store.opsByAuthor(DOC, "alice", 0, 10)).isEmpty();
    }

    @Test
    void emptyCommitCompletesAndStoresNothing() {
        await(store.append(DOC, List.of(), List.of()));
        assertThat(store.head(DOC)).isEmpty();
    }

    // ---- append and read back ----

    @Test
    void appendedOpsSnapshotsAndHeadReadBackEqual() {
        AttributeMap bold = AttributeMap.of("bold", true);
        Map<String, Object> unbold = new HashMap<>();
        unbold.put("bold", null); // null means "remove the format": it must survive storage
        List<StoredOp> ops = List.of(
                new StoredOp(DOC, 0, "c1", 1, StoredOp.Kind.CREATE, Delta.ofText("Hello\n"), "alice", T0),
                new StoredOp(DOC, 1, "c1", 2, StoredOp.Kind.EDIT,
                        Delta.builder().retain(5).insert(" 😀 wörld", bold).build(), "alice", T0 + 5),
                new StoredOp(DOC, 2, "c2", 1, StoredOp.Kind.EDIT, Delta.builder().retain(2, AttributeMap.of(unbold))
                        .insert(Embed.of("image", "https://example.org/a.png")).insert("\uD800 half a pair").build(),
                        "bob", T0 + 9));
        Snapshot at3 = new Snapshot(DOC, 3, true, Delta.ofText("He 😀 \uD800\n"), T0, T0 + 9);

        append(DOC, ops, at3);

        assertThat(store.ops(DOC, 0, 3)).isEqualTo(ops);
        assertThat(store.ops(DOC, 0, Long.MAX_VALUE)).isEqualTo(ops);
        assertThat(store.ops(DOC, 1, 2)).containsExactly(ops.get(1));
        assertThat(store.ops(DOC, 3, 10)).isEmpty();
        assertThat(store.ops(DOC, 2, 1)).isEmpty();
        assertThat(store.snapshotAtOrBefore(DOC, 3)).contains(at3);
        assertThat(store.head(DOC)).contains(new Head(3, true, T0, T0 + 9));
        assertThat(store.ops(OTHER, 0, 10)).isEmpty();
    }

    @Test
    void hashesAndProvenanceReadBackEqual() {
        StoredOp create = new StoredOp(DOC, 0, "c1", 1, StoredOp.Kind.CREATE, Delta.ofText("Hi\n"), "alice", T0, "ab".repeat(32));
        StoredOp edit = new StoredOp(DOC, 1, "c2", 1, StoredOp.Kind.EDIT, Delta.builder().retain(2).insert("!").build(),
                "bob", T0 + 1, "cd".repeat(32));
        Authorship authorship = Authorship.of(List.of(new AuthorRun("alice", 2), new AuthorRun("bob", 1),
                new AuthorRun("alice", 1)));
        Map<String, AuthorTally> tallies = new java.util.LinkedHashMap<>();
        tallies.put("alice", new AuthorTally(1, 3, 0, 0, 1, T0, T0));
        tallies.put("bob", new AuthorTally(1, 1, 0, 0, 1, T0 + 1, T0 + 1));
        Snapshot at2 = new Snapshot(DOC, 2, true, Delta.ofText("Hi!\n"), T0, T0 + 1,
                new Provenance(authorship, tallies, "bob", T0 + 1, "cd".repeat(32)));

        append(DOC, List.of(create, edit), at2);

        assertThat(store.ops(DOC, 0, 2)).containsExactly(create, edit);
        Snapshot read = store.snapshotAtOrBefore(DOC, 2).orElseThrow();
        assertThat(read).isEqualTo(at2);
        assertThat(List.copyOf(read.provenance().tallies().keySet())).containsExactly("alice", "bob");
    }

    @Test
    void labelsAreCreatedOnceRenamedAndDeletedPerDocument() {
        Label draft = new Label("draft", 3, T0, "alice");
        assertThat(store.createLabel(DOC, draft)).isTrue();
        assertThat(store.createLabel(DOC, new Label("draft", 5, T0, "bob"))).isFalse();
        assertThat(store.createLabel(DOC, new Label("✓ sent to publisher", 7, T0 + 1, "bob"))).isTrue();
        assertThat(store.label(DOC, "draft")).contains(draft);
        assertThat(store.label(OTHER, "draft")).isEmpty();
        assertThat(store.labels(OTHER)).isEmpty();
        assertThat(store.labels(DOC)).extracting(Label::name).containsExactly("draft", "✓ sent to publisher");

        assertThat(store.renameLabel(DOC, "draft", "✓ sent to publisher")).isEqualTo(DocumentStore.LabelRename.NAME_TAKEN);
        assertThat(store.renameLabel(DOC, "nope", "x")).isEqualTo(DocumentStore.LabelRename.NO_SUCH_LABEL);
        assertThat(store.renameLabel(DOC, "draft", "first draft")).isEqualTo(DocumentStore.LabelRename.RENAMED);
        assertThat(store.label(DOC, "draft")).isEmpty();
        assertThat(store.label(DOC, "first draft")).contains(draft.renamed("first draft"));

        assertThat(store.deleteLabel(DOC, "first draft")).isTrue();
        assertThat(store.deleteLabel(DOC, "first draft")).isFalse();
        assertThat(store.labels(DOC)).extracting(Label::name).containsExactly("✓ sent to publisher");
    }

    @Test
    void laterCommitsContinueFromTheHeadAndTheHeadTracksCreateAndDelete() {
        append(DOC, ops(DOC, 0, 2, "alice"));
        append(DOC, ops(DOC, 2, 5, "alice"));
        assertThat(versions(store.ops(DOC, 0, 100))).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(store.head(DOC)).contains(new Head(5, true, T0, T0 + 4));

        append(DOC, List.of(new StoredOp(DOC, 5, "c", 9, StoredOp.Kind.DELETE, null, "bob", T0 + 50)));
        assertThat(store.head(DOC)).contains(new Head(6, false, T0, T0 + 50));
        assertThat(store.ops(DOC, 5, 6).get(0).delta()).isNull();

        append(DOC, List.of(new StoredOp(DOC, 6, "c", 10, StoredOp.Kind.CREATE, Delta.ofText("again\n"), "bob", T0 + 60)));
        assertThat(store.head(DOC)).contains(new Head(7, true, T0 + 60, T0 + 60));
    }

    @Test
    void commitsQueuedWithoutWaitingApplyInOrder() {
        // A sequencer may queue its next commit before the last one is acknowledged.
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (long v = 0; v < 50; v++) {
            futures.add(store.append(DOC, List.of(op(DOC, v, "alice")), List.of()));
        }
        futures.forEach(DocumentStoreContract::await);
        assertThat(versions(store.ops(DOC, 0, 100))).isEqualTo(LongStream.range(0, 50).boxed().toList());
        assertThat(store.head(DOC).map(Head::version)).contains(50L);
    }

    @Test
    void snapshotAloneAtTheHeadIsStored() {
        append(DOC, ops(DOC, 0, 4, "alice"));
        append(DOC, List.of(), snapshot(DOC, 4));
        assertThat(store.snapshotAtOrBefore(DOC, 10)).contains(snapshot(DOC, 4));
        assertThat(store.head(DOC).map(Head::version)).contains(4L);
    }

    // ---- refused commits ----

    @Test
    void refusedCommitsStoreNothing() {
        append(DOC, ops(DOC, 0, 2, "alice"), snapshot(DOC, 2));
        Head before = store.head(DOC).orElseThrow();

        assertRefused(store.append(DOC, ops(DOC, 3, 5, "alice"), List.of()), "expected: 2");
        assertRefused(store.append(DOC, ops(DOC, 1, 3, "alice"), List.of()), "expected: 2");
        assertRefused(store.append(DOC, List.of(op(DOC, 2, "a"), op(DOC, 4, "a")), List.of()), "consecutive");
        assertRefused(store.append(DOC, List.of(op(DOC, 2, "a"), op(DOC, 2, "a")), List.of()), "consecutive");
        assertRefused(store.append(DOC, List.of(op(DOC, 2, "a"), op(OTHER, 3, "a")), List.of()), "belongs to");
        assertRefused(store.append(DOC, ops(DOC, 2, 3, "a"), List.of(snapshot(DOC, 5))), "snapshot");
        assertRefused(store.append(DOC, ops(DOC, 2, 3, "a"), List.of(snapshot(DOC, 1))), "snapshot");
        assertRefused(store.append(DOC, ops(DOC, 2, 3, "a"), List.of(snapshot(OTHER, 3))), "belongs to");
        assertRefused(store.append(DOC, List.of(), List.of(snapshot(DOC, 3))), "snapshot");

        assertThat(store.head(DOC)).contains(before);
        assertThat(versions(store.ops(DOC, 0, 100))).containsExactly(0L, 1L);
        assertThat(store.snapshotAtOrBefore(DOC, 100)).contains(snapshot(DOC, 2));
        assertThat(store.opsByAuthor(DOC, "a", 0, 100)).isEmpty();
        assertThat(store.head(OTHER)).isEmpty();

        // A refusal leaves the document usable.
        append(DOC, ops(DOC, 2, 4, "alice"), snapshot(DOC, 4));
        assertThat(store.head(DOC).map(Head::version)).contains(4L);
    }

    @Test
    void firstCommitMustStartAtZero() {
        assertRefused(store.append(DOC, ops(DOC, 1, 2, "alice"), List.of()), "expected: 0");
        assertThat(store.head(DOC)).isEmpty();
        assertThat(store.ops(DOC, 0, 10)).isEmpty();
    }

    @Test
    void secondCommitFromTheSameHeadIsRefusedEvenBeforeTheFirstIsDurable() {
        CompletableFuture<Void> first = store.append(DOC, ops(DOC, 0, 3, "alice"), List.of());
        CompletableFuture<Void> racing = store.append(DOC, ops(DOC, 0, 1, "bob"), List.of());
        await(first);
        assertRefused(racing, "expected: 3");
        assertThat(store.opsByAuthor(DOC, "bob", 0, 10)).isEmpty();
    }

    @Test
    void negativeArgumentsAreRefused() {
        assertThatThrownBy(() -> store.ops(DOC, -1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.opsByAuthor(DOC, "a", -1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.opsByAuthor(DOC, "a", 0, -5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.snapshotAtOrBefore(DOC, -1)).isEmpty();
    }

    // ---- snapshots ----

    @Test
    void snapshotAtOrBeforePicksTheGreatestVersionNotAbove() {
        append(DOC, ops(DOC, 0, 2, "a"), snapshot(DOC, 2));
        append(DOC, ops(DOC, 2, 5, "a"), snapshot(DOC, 5));
        append(DOC, ops(DOC, 5, 9, "a"), snapshot(DOC, 7), snapshot(DOC, 9));
        append(OTHER, ops(OTHER, 0, 1, "a"), snapshot(OTHER, 1));

        assertThat(store.snapshotAtOrBefore(DOC, 0)).isEmpty();
        assertThat(store.snapshotAtOrBefore(DOC, 1)).isEmpty();
        assertThat(store.snapshotAtOrBefore(DOC, 2)).contains(snapshot(DOC, 2));
        assertThat(store.snapshotAtOrBefore(DOC, 4)).contains(snapshot(DOC, 2));
        assertThat(store.snapshotAtOrBefore(DOC, 5)).contains(snapshot(DOC, 5));
        assertThat(store.snapshotAtOrBefore(DOC, 6)).contains(snapshot(DOC, 5));
        assertThat(store.snapshotAtOrBefore(DOC, 8)).contains(snapshot(DOC, 7));
        assertThat(store.snapshotAtOrBefore(DOC, 9)).contains(snapshot(DOC, 9));
        assertThat(store.snapshotAtOrBefore(DOC, Long.MAX_VALUE)).contains(snapshot(DOC, 9));
        assertThat(store.snapshotAtOrBefore(OTHER, 100)).contains(snapshot(OTHER, 1));
    }

    // ---- author index ----

    @Test
    void opsByAuthorHonoursFromAndLimit() {
        String[] authors = {"alice", "bob", "alice", "al", "alice", "bob", "alice"};
        List<StoredOp> ops = new ArrayList<>();
        for (int v = 0; v < authors.length; v++) {
            ops.add(op(DOC, v, authors[v]));
        }
        append(DOC, ops);
        append(OTHER, ops(OTHER, 0, 3, "alice"));

        assertThat(versions(store.opsByAuthor(DOC, "alice", 0, 100))).containsExactly(0L, 2L, 4L, 6L);
        assertThat(store.opsByAuthor(DOC, "alice", 0, 100)).allMatch(o -> o.author().equals("alice") && o.key().equals(DOC));
        assertThat(versions(store.opsByAuthor(DOC, "alice", 1, 2))).containsExactly(2L, 4L);
        assertThat(versions(store.opsByAuthor(DOC, "alice", 4, 100))).containsExactly(4L, 6L);
        assertThat(versions(store.opsByAuthor(DOC, "alice", 7, 100))).isEmpty();
        assertThat(versions(store.opsByAuthor(DOC, "al", 0, 100))).containsExactly(3L);
        assertThat(versions(store.opsByAuthor(DOC, "bob", 0, 1))).containsExactly(1L);
        assertThat(store.opsByAuthor(DOC, "alice", 0, 0)).isEmpty();
        assertThat(store.opsByAuthor(DOC, "carol", 0, 100)).isEmpty();
        assertThat(store.opsByAuthor(DOC, "alice", 0, 100).get(1)).isEqualTo(ops.get(2));
        assertThat(versions(store.opsByAuthor(OTHER, "alice", 0, 100))).containsExactly(0L, 1L, 2L);
    }

    // ---- names that look alike ----

    @Test
    void documentsWithSimilarNamesNeverSeeEachOthersData() {
        List<DocKey> keys = List.of(
                new DocKey("a", "bc"), new DocKey("ab", "c"), new DocKey("a", "b"), new DocKey("a", "b c"),
                new DocKey("a", "bc/"), new DocKey("a/bc", "x"), new DocKey("a", "b_c"),
                new DocKey("livre", "chapitre-é"), new DocKey("livre", "chapitre-e\u0301"), new DocKey("书", "第一章"),
                new DocKey("emoji", "😀"), new DocKey("emoji", "\uD83D"), new DocKey("emoji", "?"),
                new DocKey("emoji", "\uFFFD"), new DocKey("x".repeat(DocKey.MAX_LENGTH), "😀".repeat(DocKey.MAX_LENGTH / 2)));
        for (int i = 0; i < keys.size(); i++) {
            DocKey key = keys.get(i);
            // Each document gets a different number of ops, an author of its own and a snapshot at its head.
            append(key, ops(key, 0, i + 1, "author-" + i), snapshot(key, i + 1));
            append(key, List.of(op(key, i + 1, "shared")));
        }
        for (int i = 0; i < keys.size(); i++) {
            DocKey key = keys.get(i);
            assertThat(store.head(key).map(Head::version)).as("head of %s", key).contains(i + 2L);
            List<StoredOp> ops = store.ops(key, 0, 1000);
            assertThat(ops).as("ops of %s", key).hasSize(i + 2).allMatch(o -> o.key().equals(key));
            assertThat(ops).isEqualTo(concat(ops(key, 0, i + 1, "author-" + i), List.of(op(key, i + 1, "shared"))));
            assertThat(store.snapshotAtOrBefore(key, 1000)).as("snapshot of %s", key).contains(snapshot(key, i + 1));
            assertThat(versions(store.opsByAuthor(key, "shared", 0, 100))).as("shared author in %s", key).containsExactly(i + 1L);
            assertThat(store.opsByAuthor(key, "author-" + i, 0, 100)).hasSize(i + 1);
            for (int j = 0; j < keys.size(); j++) {
                if (j != i) {
                    assertThat(store.opsByAuthor(key, "author-" + j, 0, 100)).as("author-%s in %s", j, key).isEmpty();
                }
            }
        }
    }

    @Test
    void authorsWithSimilarNamesAreKeptApart() {
        List<String> authors = List.of("ab", "a", "abc", "\uD800", "?", "\uFFFD", "😀", "");
        List<StoredOp> ops = new ArrayList<>();
        for (int v = 0; v < authors.size(); v++) {
            ops.add(op(DOC, v, authors.get(v)));
        }
        append(DOC, ops);
        for (int v = 0; v < authors.size(); v++) {
            assertThat(store.opsByAuthor(DOC, authors.get(v), 0, 100)).as("ops of author %s", authors.get(v))
                    .containsExactly(ops.get(v));
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    // ---- concurrency ----

    @Test
    void concurrentAppendsToManyDocumentsAllLand() throws Exception {
        int threads = 8;
        int docsPerThread = 16;
        int commitsPerDoc = 30;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    // Each thread is the sequencer of its own documents; it keeps one commit per document in
                    // flight and round-robins, so commits of many documents meet in the queue.
                    List<DocKey> mine = new ArrayList<>();
                    for (int d = 0; d < docsPerThread; d++) {
                        mine.add(new DocKey("c" + thread, "d" + d));
                    }
                    long[] next = new long[docsPerThread];
                    for (int round = 0; round < commitsPerDoc; round++) {
                        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
                        for (int d = 0; d < docsPerThread; d++) {
                            int size = 1 + (round + d) % 3;
                            inFlight.add(store.append(mine.get(d), ops(mine.get(d), next[d], next[d] + size, "u" + thread), List.of()));
                            next[d] += size;
                        }
                        inFlight.forEach(DocumentStoreContract::await);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(WAIT.toSeconds() * 4, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        for (int t = 0; t < threads; t++) {
            for (int d = 0; d < docsPerThread; d++) {
                DocKey key = new DocKey("c" + t, "d" + d);
                long expected = 0;
                for (int round = 0; round < commitsPerDoc; round++) {
                    expected += 1 + (round + d) % 3;
                }
                assertThat(store.head(key).map(Head::version)).as("head of %s", key).contains(expected);
                assertThat(store.ops(key, 0, Long.MAX_VALUE)).as("ops of %s", key).isEqualTo(ops(key, 0, expected, "u" + t));
                assertThat(store.opsByAuthor(key, "u" + t, 0, Integer.MAX_VALUE)).hasSize((int) expected);
            }
        }
    }

    // ---- lifecycle ----

    @Test
    void closedStoreRefusesEverything() {
        append(DOC, ops(DOC, 0, 1, "a"));
        store.close();
        assertThat(store.append(DOC, ops(DOC, 1, 2, "a"), List.of())).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(IllegalStateException.class);
        List<Supplier<Object>> reads = List.of(() -> store.head(DOC), () -> store.ops(DOC, 0, 1),
                () -> store.snapshotAtOrBefore(DOC, 1), () -> store.opsByAuthor(DOC, "a", 0, 1));
        for (Supplier<Object> read : reads) {
            assertThatThrownBy(read::get).isInstanceOf(IllegalStateException.class);
        }
        store.close(); // twice is fine
    }

    // ---- folds (compaction) ----

    /** A fold by {@code author} of versions {@code first..last}, as compaction would store it (the ops here have no hash). */
    static StoredOp fold(DocKey key, long first, long last, String author) {
        return new StoredOp(key, last, "src-" + author, last + 1, StoredOp.Kind.EDIT, Delta.builder().insert("folded ").build(),
                author, T0 + last, null, new StoredOp.Fold(first, T0 + first, 7 * (last - first + 1), 0, 0, null, "ff".repeat(32)));
    }

    @Test
    void foldReplacesItsEntriesTheirIndexAndInnerSnapshotsAndLeavesTheHead() {
        List<StoredOp> history = new java.util.ArrayList<>(ops(DOC, 0, 6, "alice"));
        history.addAll(ops(DOC, 6, 9, "bob"));
        append(DOC, history.subList(0, 3), snapshot(DOC, 3));
        append(DOC, history.subList(3, 9), snapshot(DOC, 5), snapshot(DOC, 9));
        Head head = store.head(DOC).orElseThrow();
        StoredOp folded = fold(DOC, 1, 4, "alice");

        Compaction done = store.fold(DOC, List.of(folded));

        assertThat(done.entriesFolded()).isEqualTo(4);
        assertThat(done.foldsWritten()).isEqualTo(1);
        assertThat(done.keysRemoved()).as("3 ops, their 3 index entries, the snapshot at 3").isEqualTo(7);
        assertThat(done.bytesAfter()).isLessThan(done.bytesBefore());
        assertThat(store.ops(DOC, 0, 100)).containsExactly(history.get(0), folded, history.get(5), history.get(6),
                history.get(7), history.get(8));
        assertThat(store.ops(DOC, 2, 5)).containsExactly(folded);
        assertThat(store.ops(DOC, 4, 5).get(0).fold()).isEqualTo(folded.fold());
        assertThat(versions(store.opsByAuthor(DOC, "alice", 0, 10))).containsExactly(0L, 4L, 5L);
        assertThat(versions(store.opsByAuthor(DOC, "bob", 0, 10))).containsExactly(6L, 7L, 8L);
        assertThat(store.snapshotAtOrBefore(DOC, 4)).as("the snapshot inside the fold is gone").isEmpty();
        assertThat(store.snapshotAtOrBefore(DOC, 5)).contains(snapshot(DOC, 5));
        assertThat(store.head(DOC)).contains(head);
        // The head did not move: the next commit continues from it.
        append(DOC, ops(DOC, 9, 10, "bob"));
        assertThat(store.head(DOC).map(Head::version)).contains(10L);
    }

    @Test
    void foldsThatDoNotReplaceWholeEntriesOfOneAuthorBelowTheHeadAreRefusedAndStoreNothing() {
        List<StoredOp> history = new java.util.ArrayList<>(ops(DOC, 0, 6, "alice"));
        history.addAll(ops(DOC, 6, 9, "bob"));
        append(DOC, history, snapshot(DOC, 3));
        store.fold(DOC, List.of(fold(DOC, 2, 3, "alice")));
        List<StoredOp> before = store.ops(DOC, 0, 100);

        Map<String, List<StoredOp>> refused = new java.util.LinkedHashMap<>();
        refused.put("another author's op", List.of(fold(DOC, 4, 6, "alice")));
        refused.put("the head", List.of(fold(DOC, 7, 9, "bob")));
        refused.put("half of a fold", List.of(fold(DOC, 3, 4, "alice")));
        refused.put("the create", List.of(fold(DOC, 0, 1, "alice")));
        refused.put("one entry", List.of(fold(DOC, 2, 3, "alice")));
        refused.put("a good fold with a bad one", List.of(fold(DOC, 4, 5, "alice"), fold(DOC, 6, 9, "bob")));
        refused.put("overlapping folds", List.of(fold(DOC, 4, 5, "alice"), fold(DOC, 5, 5 + 1, "alice")));
        refused.put("another document", List.of(fold(OTHER, 4, 5, "alice")));
        refused.forEach((why, folds) -> {
            assertThatThrownBy(() -> store.fold(DOC, folds)).as(why).isInstanceOf(IllegalArgumentException.class);
            assertThat(store.ops(DOC, 0, 100)).as(why).isEqualTo(before);
        });
        assertThat(versions(store.opsByAuthor(DOC, "alice", 0, 10))).containsExactly(0L, 1L, 3L, 4L, 5L);
        assertThat(store.fold(DOC, List.of())).isEqualTo(Compaction.NONE);
    }

    @Test
    void aFoldMayTakeInAnEarlierFold() {
        append(DOC, ops(DOC, 0, 8, "alice"));
        store.fold(DOC, List.of(fold(DOC, 1, 3, "alice")));
        StoredOp wider = fold(DOC, 1, 6, "alice");

        Compaction done = store.fold(DOC, List.of(wider));

        assertThat(done.entriesFolded()).isEqualTo(4);
        assertThat(store.ops(DOC, 0, 100)).extracting(StoredOp::firstVersion).containsExactly(0L, 1L, 7L);
        assertThat(versions(store.opsByAuthor(DOC, "alice", 0, 10))).containsExactly(0L, 6L, 7L);
    }
}
