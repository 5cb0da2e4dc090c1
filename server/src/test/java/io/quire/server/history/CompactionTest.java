package io.quire.server.history;

import io.quire.ot.AttributeMap;
import io.quire.ot.Delta;
import io.quire.server.document.DocumentRegistry;
import io.quire.server.document.Rejection;
import io.quire.server.document.SequencerSettings;
import io.quire.server.document.Submission;
import io.quire.server.storage.Compaction;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.RocksDocumentStore;
import io.quire.server.storage.Snapshot;
import io.quire.server.storage.StoredOp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compaction through the real sequencer and RocksDB: a chapter typed a character at a time by two authors, with a
 * label and a book version's captured version in the middle, compacted with a cutoff that leaves the last ops
 * alone. What a person reading the history sees must not change, except that versions inside folds are gone.
 *
 * <pre>
 *   v0        create "Hello\n"                          alice
 *   v1..30    30 single-character inserts               alice   one session
 *   v31..50   20 single-character inserts               bob     label "draft" at version 41
 *   v51..65   15 ops: inserts, a delete of bob's text,   alice   version 58 captured by a book version
 *             bold on bob's text
 *   ----- cutoff -----
 *   v66..70   5 inserts                                 bob     newer than the cutoff: untouched
 * </pre>
 * Expected folds (a fold of a..b leaves versions a and b + 1 reachable): 1..30, 31..40, 41..50, 51..57, 58..65.
 */
class CompactionTest {
    private static final DocKey KEY = new DocKey("book", "chapter");

    @TempDir
    Path temp;
    private RocksDocumentStore store;
    private DocumentRegistry registry;
    private ChapterHistory history;
    private long version;

    @BeforeEach
    void open() {
        store = RocksDocumentStore.open(temp.resolve("db"));
        // A snapshot every 10 versions puts snapshots inside folds; 5 recent ops and no time window keep reads on
        // the store, where the folds are.
        registry = new DocumentRegistry(store, new SequencerSettings(10, 5, 0, 50, 60_000), op -> "frame");
        history = new ChapterHistory(registry, store);
    }

    @AfterEach
    void close() {
        registry.close();
        store.close();
    }

    private void submit(String author, StoredOp.Kind kind, Delta delta) throws Exception {
        registry.submit(KEY, new Submission(version, author + "-src", version + 1, kind, delta, author, null))
                .get(10, TimeUnit.SECONDS);
        version++;
    }

    private void type(String author, int count, char first) throws Exception {
        for (int i = 0; i < count; i++) {
            int length = history.version(KEY, version).content().length();
            submit(author, StoredOp.Kind.EDIT, Delta.builder().retain(length - 1).insert(String.valueOf((char) (first + i % 26))).build());
        }
    }

    /** Builds the history in the class comment and returns the cutoff: after v65, before v66. */
    private long buildHistory() throws Exception {
        submit("alice", StoredOp.Kind.CREATE, Delta.ofText("Hello\n"));
        type("alice", 30, 'a');
        type("bob", 10, 'A');
        history.createLabel(KEY, "draft", 41L, "bob");
        type("bob", 10, 'K');
        assertThat(version).isEqualTo(51);
        type("alice", 5, 'n');
        // Alice deletes one of bob's characters and makes three of his bold: authorship through compose.
        submit("alice", StoredOp.Kind.EDIT, Delta.builder().retain(40).delete(1).build());
        submit("alice", StoredOp.Kind.EDIT, Delta.builder().retain(37).retain(3, AttributeMap.of("bold", true)).build());
        type("alice", 8, 'x');
        assertThat(version).isEqualTo(66);
        Thread.sleep(5);
        long cutoff = System.currentTimeMillis();
        Thread.sleep(5);
        type("bob", 5, 'V');
        return cutoff;
    }

    private Map<Long, Snapshot> versions(long... at) {
        Map<Long, Snapshot> out = new HashMap<>();
        for (long v : at) {
            out.put(v, history.version(KEY, v));
        }
        return out;
    }

    @Test
    void compactionFoldsOldSessionsAndLeavesWhatReadersSeeUnchanged() throws Exception {
        long cutoff = buildHistory();
        long[] kept = {0, 1, 31, 41, 51, 58, 66, 67, 70, 71};
        Map<Long, Snapshot> before = versions(kept);
        List<BlameRun> blameBefore = history.blame(KEY, null);
        List<BlameRun> blameAtLabel = history.blame(KEY, 41L);
        List<AuthorSummary> authorsBefore = history.authors(KEY);
        RevisionPage sessionsBefore = history.revisions(KEY, null, 50, true);
        List<StoredOp> opsBefore = store.ops(KEY, 0, 71);
        long aliceOps = history.authorOps(KEY, "alice", 0, 1_000).size();

        ChapterCompaction result = history.compact(KEY, cutoff, Set.of(58L));

        assertThat(result.skipped()).isNull();
        Compaction c = result.compaction();
        assertThat(c.foldsWritten()).isEqualTo(5);
        assertThat(c.entriesFolded()).isEqualTo(65);
        assertThat(c.bytesAfter()).isLessThan(c.bytesBefore());
        List<StoredOp> opsAfter = store.ops(KEY, 0, 71);
        assertThat(opsAfter).extracting(StoredOp::firstVersion)
                .containsExactly(0L, 1L, 31L, 41L, 51L, 58L, 66L, 67L, 68L, 69L, 70L);
        assertThat(opsAfter).extracting(StoredOp::version)
                .containsExactly(0L, 30L, 40L, 50L, 57L, 65L, 66L, 67L, 68L, 69L, 70L);

        // Kept revisions keep their hashes; newer ops are the very same records.
        for (StoredOp entry : opsAfter) {
            assertThat(entry.hash()).as("hash at %d", entry.version()).isEqualTo(opsBefore.get((int) entry.version()).hash());
        }
        assertThat(opsAfter.subList(6, 11)).isEqualTo(opsBefore.subList(66, 71));
        assertThat(history.verify(KEY).intact()).isTrue();

        // The head, the label, the book version's capture and every other kept version read back exactly.
        assertThat(versions(kept)).isEqualTo(before);
        assertThat(history.label(KEY, "draft").version()).isEqualTo(41);
        assertThat(history.blame(KEY, null)).isEqualTo(blameBefore);
        assertThat(history.blame(KEY, 41L)).isEqualTo(blameAtLabel);
        assertThat(history.authors(KEY)).isEqualTo(authorsBefore);
        assertThat(history.revisions(KEY, null, 50, true)).isEqualTo(sessionsBefore);

        // An author still shows their changes: fewer entries, the same ops counted.
        List<StoredOp> aliceAfter = history.authorOps(KEY, "alice", 0, 1_000);
        assertThat(aliceAfter).hasSizeLessThan((int) aliceOps);
        assertThat(aliceAfter.stream().mapToLong(StoredOp::opCount).sum()).isEqualTo(aliceOps);

        // A version inside a fold is refused with the kept versions on either side.
        assertThatThrownBy(() -> history.version(KEY, 10))
                .isInstanceOfSatisfying(HistoryException.class, e -> assertThat(e.kind()).isEqualTo(HistoryException.Kind.COMPACTED))
                .hasMessageContaining("nearest kept versions are 1 and 31");
        assertThatThrownBy(() -> history.createLabel(KEY, "lost", 45L, "bob")).isInstanceOf(HistoryException.class);
        assertThat(history.versionAtTime(KEY, cutoff).version()).isEqualTo(66);
    }

    @Test
    void sharedbClientsGetTheMissingOpsErrorInsideAFoldAndEveryOpAfterIt() throws Exception {
        long cutoff = buildHistory();
        history.compact(KEY, cutoff, Set.of(58L));

        assertThatThrownBy(() -> registry.opsSince(KEY, 10, new java.util.concurrent.CompletableFuture<>()).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(Rejection.class,
                        r -> assertThat(r.reason()).isEqualTo(Rejection.Reason.OPS_NOT_FOUND));
        assertThatThrownBy(() -> registry.snapshotAt(KEY, 10).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(Rejection.class,
                        r -> assertThat(r.reason()).isEqualTo(Rejection.Reason.COMPACTED));
        List<StoredOp> caughtUp = registry.opsSince(KEY, 66, new java.util.concurrent.CompletableFuture<>()).get(10, TimeUnit.SECONDS);
        assertThat(caughtUp).extracting(StoredOp::version).containsExactly(66L, 67L, 68L, 69L, 70L);
        // A late op based on a kept version after the folds is still transformed and applied.
        submit("bob", StoredOp.Kind.EDIT, Delta.builder().insert("!").build());
        assertThat(history.verify(KEY).intact()).isTrue();
    }

    @Test
    void compactingAgainFoldsNothingMoreAndSurvivesReopening() throws Exception {
        long cutoff = buildHistory();
        Snapshot head = history.version(KEY, 71);
        history.compact(KEY, cutoff, Set.of(58L));
        assertThat(history.compact(KEY, cutoff, Set.of(58L)).compaction()).isEqualTo(Compaction.NONE);

        registry.close();
        store.close();
        store = RocksDocumentStore.open(temp.resolve("db"));
        registry = new DocumentRegistry(store, new SequencerSettings(10, 5, 0, 50, 60_000), op -> "frame");
        history = new ChapterHistory(registry, store);
        assertThat(history.version(KEY, 71).content()).isEqualTo(head.content());
        assertThat(history.version(KEY, 51).version()).isEqualTo(51);
        assertThat(history.verify(KEY).intact()).isTrue();
    }

    /** A fold of alice's first session (versions 1..30) as compaction makes it, then changed by {@code tamper}. */
    private ChainCheck verifyAfterStoring(java.util.function.UnaryOperator<StoredOp> tamper) throws Exception {
        buildHistory();
        List<StoredOp> session = store.ops(KEY, 0, 31);
        FoldRun run = new FoldRun(session.get(1), session.get(0).hash());
        session.subList(2, 31).forEach(run::add);
        store.fold(KEY, List.of(tamper.apply(run.fold())));
        return history.verify(KEY);
    }

    @Test
    void anUntouchedFoldVerifies() throws Exception {
        assertThat(verifyAfterStoring(fold -> fold).intact()).isTrue();
    }

    @Test
    void aFoldChangedAfterItWasSealedFailsItsFoldHash() throws Exception {
        ChainCheck check = verifyAfterStoring(fold -> new StoredOp(fold.key(), fold.version(), fold.source(), fold.seq(),
                fold.kind(), fold.delta().compose(Delta.builder().insert("x").build()), fold.author(), fold.timestamp(),
                fold.hash(), fold.fold()));
        assertThat(check.intact()).isFalse();
        assertThat(check.brokenAt()).isEqualTo(1);
        assertThat(check.reason()).contains("fold hash");
    }

    @Test
    void aFoldThatDoesNotLinkToTheRevisionBeforeItBreaksTheChain() throws Exception {
        ChainCheck check = verifyAfterStoring(fold -> {
            StoredOp.Fold f = fold.fold();
            StoredOp.Fold relinked = new StoredOp.Fold(f.firstVersion(), f.firstTimestamp(), f.inserted(), f.deleted(),
                    f.formatted(), fold.hash(), null);
            StoredOp unsealed = new StoredOp(fold.key(), fold.version(), fold.source(), fold.seq(), fold.kind(),
                    fold.delta(), fold.author(), fold.timestamp(), fold.hash(), relinked);
            return new StoredOp(fold.key(), fold.version(), fold.source(), fold.seq(), fold.kind(), fold.delta(),
                    fold.author(), fold.timestamp(), fold.hash(), relinked.sealed(RevisionHash.ofFold(unsealed)));
        });
        assertThat(check.intact()).isFalse();
        assertThat(check.brokenAt()).isEqualTo(1);
        assertThat(check.reason()).contains("does not follow");
    }
}
