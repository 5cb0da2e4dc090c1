package io.quire.server.history;

import io.quire.ot.AttributeMap;
import io.quire.ot.Delta;
import io.quire.ot.DeltaBuilder;
import io.quire.ot.DocumentRope;
import io.quire.server.document.DocumentRegistry;
import io.quire.server.document.SequencerSettings;
import io.quire.server.document.Submission;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.InMemoryDocumentStore;
import io.quire.server.storage.Snapshot;
import io.quire.server.storage.StoredOp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selective revert, restore and the provenance kept as ops commit, through the real sequencer and a store, over
 * random histories. The oracle for reverting an author who only inserted: the head's contents without the
 * characters blame gives to that author, in order, with everyone else's formatting kept.
 */
class SelectiveRevertTest {
    private static final DocKey KEY = new DocKey("book", "chapter");
    private static final int CASES = Integer.getInteger("quire.history.cases", 40);

    private InMemoryDocumentStore store;
    private DocumentRegistry registry;
    private ChapterHistory history;

    @BeforeEach
    void open() {
        store = new InMemoryDocumentStore();
        registry = new DocumentRegistry(store, new SequencerSettings(10, 5, 0, 50, 60_000), op -> "frame");
        history = new ChapterHistory(registry, store);
    }

    @AfterEach
    void close() {
        registry.close();
        store.close();
    }

    private long version;

    private void submit(String author, StoredOp.Kind kind, Delta delta) throws Exception {
        registry.submit(KEY, new Submission(version, author + "-src", version + 1, kind, delta, author, null))
                .get(10, TimeUnit.SECONDS);
        version++;
    }

    @Test
    void revertingAnAuthorWhoOnlyInsertedRemovesExactlyTheirTextAndKeepsEveryoneElses() throws Exception {
        for (int c = 0; c < CASES; c++) {
            long seed = 7_000 + c;
            open();
            version = 0;
            Random random = new Random(seed);
            submit("base", StoredOp.Kind.CREATE, Delta.ofText("The start of a chapter.\n"));
            DocumentRope doc = new DocumentRope(Delta.ofText("The start of a chapter.\n"));
            for (int i = 0; i < 60; i++) {
                boolean byA = random.nextBoolean();
                Delta change = byA ? insertion(random, doc.length(), "a") : anyChange(random, doc.length());
                submit(byA ? "alice" : "bob", StoredOp.Kind.EDIT, change);
                doc.apply(change);
            }
            Snapshot head = history.version(KEY, version);
            Delta expected = withoutAuthor(head, "alice");

            RevertOutcome outcome = history.revertAuthor(KEY, "alice", 1, "editor");
            version = outcome.version();

            Snapshot after = history.version(KEY, version);
            assertThat(after.content()).as("seed %d", seed).isEqualTo(expected);
            assertThat(history.blame(KEY, version)).as("seed %d", seed).noneMatch(run -> run.author().equals("alice"));
            assertThat(history.verify(KEY).intact()).as("seed %d", seed).isTrue();
            close();
        }
        open(); // @AfterEach closes once more
    }

    @Test
    void restoreBringsBackAnyVersionAsANewOpAndTalliesCountEveryOp() throws Exception {
        Random random = new Random(99);
        version = 0;
        submit("base", StoredOp.Kind.CREATE, Delta.ofText("x\n"));
        DocumentRope doc = new DocumentRope(Delta.ofText("x\n"));
        for (int i = 0; i < 80; i++) {
            Delta change = anyChange(random, doc.length());
            submit(i % 3 == 0 ? "carol" : "bob", StoredOp.Kind.EDIT, change);
            doc.apply(change);
        }
        for (long target : new long[] {1, 17, 40, 81}) {
            Delta wanted = history.version(KEY, target).content();
            RevertOutcome outcome = history.restore(KEY, target, "editor");
            version = outcome.version();
            assertThat(history.version(KEY, version).content()).isEqualTo(wanted);
            assertThat(history.version(KEY, target).content()).isEqualTo(wanted); // nothing rewritten
        }
        long ops = history.authors(KEY).stream().mapToLong(a -> a.tally().ops()).sum();
        assertThat(ops).isEqualTo(version);
        assertThat(history.verify(KEY)).isEqualTo(new ChainCheck(true, version, null, null));
    }

    /** The head's contents with {@code author}'s units cut out, by blame. */
    private Delta withoutAuthor(Snapshot head, String author) {
        DeltaBuilder out = new DeltaBuilder();
        for (BlameRun run : Blame.of(head.content(), head.provenance())) {
            if (!run.author().equals(author)) {
                run.content().ops().forEach(out::push);
            }
        }
        return out.build();
    }

    private static Delta insertion(Random random, int length, String letter) {
        int at = random.nextInt(length); // before the final newline at the latest
        return Delta.builder().retain(at).insert(letter.repeat(1 + random.nextInt(4))).build();
    }

    private static Delta anyChange(Random random, int length) {
        int at = random.nextInt(length);
        int span = Math.min(length - 1 - at, 1 + random.nextInt(5));
        switch (random.nextInt(3)) {
            case 0:
                return insertion(random, length, "b");
            case 1:
                return span <= 0 ? insertion(random, length, "b") : Delta.builder().retain(at).delete(span).build();
            default:
                return span <= 0 ? insertion(random, length, "b")
                        : Delta.builder().retain(at).retain(span, AttributeMap.of("bold", random.nextBoolean() ? true : null)).build();
        }
    }
}
