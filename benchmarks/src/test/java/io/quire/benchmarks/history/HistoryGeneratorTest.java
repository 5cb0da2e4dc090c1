package io.quire.benchmarks.history;

import io.quire.ot.Authorship;
import io.quire.ot.Delta;
import io.quire.ot.DocumentRope;
import io.quire.ot.Op;
import io.quire.server.storage.StoredOp;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated history applies op by op, as the sequencer would apply it, and looks like the class comment says. */
class HistoryGeneratorTest {
    private static final int OPS = 50_000;

    @Test
    void everyOpFitsTheDocumentItWasMadeOn() {
        HistoryGenerator generator = new HistoryGenerator(7);
        ChapterOp create = generator.next();
        assertThat(create.kind()).isEqualTo(StoredOp.Kind.CREATE);
        DocumentRope doc = new DocumentRope(create.delta());
        Authorship authorship = new Authorship();
        authorship.apply(create.delta(), create.author());
        Set<String> authors = new HashSet<>();
        int formats = 0;
        for (int i = 1; i < OPS; i++) {
            ChapterOp op = generator.next();
            assertThat(op.kind()).isEqualTo(StoredOp.Kind.EDIT);
            Delta.checkFits(op.delta(), doc.length());
            doc.apply(op.delta());
            authorship.apply(op.delta(), op.author());
            assertThat(doc.length()).as("length after op %d", i).isEqualTo(generator.length());
            authors.add(op.author());
            if (op.delta().ops().stream().anyMatch(o -> o instanceof Op.Retain r && !r.attributes().isEmpty())) {
                formats++;
            }
        }
        assertThat(doc.plainText()).endsWith("\n");
        assertThat(authors).hasSize(HistoryGenerator.AUTHORS);
        assertThat(authorship.unitsByAuthor()).hasSize(HistoryGenerator.AUTHORS);
        assertThat(formats).isGreaterThan(OPS / 20);
        // About 0.18 characters per op, with the noise of pastes and deleted selections.
        assertThat(doc.length()).isBetween(OPS / 20, OPS / 2);
    }

    @Test
    void theSameSeedMakesTheSameHistory() {
        HistoryGenerator a = new HistoryGenerator(11);
        HistoryGenerator b = new HistoryGenerator(11);
        for (int i = 0; i < 5_000; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }
}
