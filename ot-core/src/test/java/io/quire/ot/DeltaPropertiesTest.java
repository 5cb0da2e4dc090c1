package io.quire.ot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The laws OT correctness rests on, each over thousands of seeded random documents and changes
 * (see {@link PropertyCases} for the count and how to replay a seed).
 */
class DeltaPropertiesTest {

    /** Two users edit the same document at once; after each applies the other's transformed change, both agree. */
    @Test
    void concurrentChangesConverge() {
        PropertyCases.forAll("convergence", (random, seed) -> {
            Delta doc = random.document(30);
            Delta a = random.changeOf(doc);
            Delta b = random.changeOf(doc);
            // a.compose(a.transform(b, true)) == b.compose(b.transform(a, false)), as changes and on the document
            Delta viaA = a.compose(a.transform(b, true));
            Delta viaB = b.compose(b.transform(a, false));
            assertThat(doc.compose(viaA)).as("documents, a=%s b=%s", a, b).isEqualTo(doc.compose(viaB));
            assertThat(viaA).as("changes, a=%s b=%s", a, b).isEqualTo(viaB);
        });
    }

    @Test
    void transformedChangesStillFitTheDocument() {
        PropertyCases.forAll("transform fits", (random, seed) -> {
            Delta doc = random.document(30);
            Delta a = random.changeOf(doc);
            Delta b = random.changeOf(doc);
            Delta afterA = doc.apply(a);
            assertThat(afterA.apply(a.transform(b, true)).isDocument()).isTrue();
            assertThat(afterA.apply(a.transform(b, false)).isDocument()).isTrue();
        });
    }

    @Test
    void composeIsAssociative() {
        PropertyCases.forAll("associativity", (random, seed) -> {
            Delta doc = random.document(30);
            Delta a = random.changeOf(doc);
            Delta b = random.changeOf(doc.compose(a));
            Delta c = random.changeOf(doc.compose(a).compose(b));
            assertThat(a.compose(b).compose(c)).as("a=%s b=%s c=%s", a, b, c).isEqualTo(a.compose(b.compose(c)));
            assertThat(doc.compose(a).compose(b).compose(c)).isEqualTo(doc.compose(a.compose(b.compose(c))));
        });
    }

    /** apply(compose(a, b)) == apply(apply(a), b): a server may squash ops without changing the result. */
    @Test
    void applyingAComposedChangeEqualsApplyingEach() {
        PropertyCases.forAll("apply of compose", (random, seed) -> {
            Delta doc = random.document(30);
            Delta a = random.changeOf(doc);
            Delta b = random.changeOf(doc.apply(a));
            assertThat(doc.apply(a.compose(b))).as("a=%s b=%s", a, b).isEqualTo(doc.apply(a).apply(b));
        });
    }

    @Test
    void invertUndoesAChange() {
        PropertyCases.forAll("invert round trip", (random, seed) -> {
            Delta doc = random.document(30);
            Delta a = random.changeOf(doc);
            Delta inverse = a.invert(doc);
            assertThat(doc.apply(a).apply(inverse)).as("a=%s inverse=%s", a, inverse).isEqualTo(doc);
            Delta redo = inverse.invert(doc.apply(a));
            assertThat(doc.apply(redo)).as("redo=%s", redo).isEqualTo(doc.apply(a));
        });
    }

    @Test
    void diffTurnsOneDocumentIntoTheOther() {
        PropertyCases.forAll("diff", (random, seed) -> {
            Delta doc = random.document(30);
            Delta other = random.nextInt(4) == 0 ? random.document(30) : doc.apply(random.changeOf(doc));
            Delta diff = doc.diff(other);
            assertThat(doc.apply(diff)).as("diff=%s", diff).isEqualTo(other);
            assertThat(doc.diff(doc)).isEqualTo(Delta.EMPTY);
        });
    }

    /**
     * A caret at i moves like an embed inserted at i: transformPosition(i, p) is where transform puts a
     * one-unit marker inserted at i, with the opposite tie-break (a caret with priority stays before a
     * concurrent insert at it, as an insert loses the tie when the other side has priority).
     */
    @Test
    void transformPositionAgreesWithTransform() {
        Embed marker = Embed.of("marker", "caret");
        PropertyCases.forAll("transformPosition", (random, seed) -> {
            Delta doc = random.document(30);
            Delta a = random.changeOf(doc);
            int caret = random.nextInt(doc.length() + 1);
            Delta insertMarker = Delta.builder().retain(caret).insert(marker).build();
            for (boolean priority : new boolean[] {true, false}) {
                Delta moved = doc.apply(a).apply(a.transform(insertMarker, !priority));
                assertThat(a.transformPosition(caret, priority))
                        .as("caret %d priority %s a=%s", caret, priority, a)
                        .isEqualTo(indexOf(moved, marker));
            }
        });
    }

    private static int indexOf(Delta doc, Embed embed) {
        int index = 0;
        for (Op op : doc.ops()) {
            if (op instanceof Op.Insert insert && !insert.isText() && insert.embed().equals(embed)) {
                return index;
            }
            index += op.length();
        }
        throw new AssertionError("marker not found in " + doc);
    }

    /** The rope applies changes in place; it must always hold what compose would give. */
    @Test
    void ropeMatchesCompose() {
        PropertyCases.forAll("rope == compose", (random, seed) -> {
            int chunk = 2 + random.nextInt(12);
            Delta expected = random.document(60);
            DocumentRope rope = new DocumentRope(expected, chunk);
            for (int step = 0; step < 12; step++) {
                Delta change = random.changeOf(expected);
                expected = expected.compose(change);
                rope.apply(change);
                assertThat(rope.toDelta()).as("chunk %d, step %d, change %s", chunk, step, change).isEqualTo(expected);
                assertThat(rope.length()).isEqualTo(expected.length());
            }
        });
    }

    /** A change that does not fit is refused by both apply paths, and neither document changes. */
    @Test
    void changesPastTheEndAreRefusedWithoutHarm() {
        PropertyCases.forAll("validation", (random, seed) -> {
            Delta doc = random.document(30);
            Delta tooLong = random.change(doc.length() + 1 + random.nextInt(5));
            if (tooLong.baseLength() <= doc.length()) {
                return; // the random change did not reach past the end after all
            }
            DocumentRope rope = new DocumentRope(doc, 4);
            assertThatThrownBy(() -> doc.apply(tooLong)).isInstanceOf(InvalidDeltaException.class)
                    .hasMessageContaining("exceeds document length " + doc.length());
            assertThatThrownBy(() -> rope.apply(tooLong)).isInstanceOf(InvalidDeltaException.class);
            assertThat(rope.toDelta()).isEqualTo(doc);
        });
    }

    @Test
    void jsonRoundTrips() {
        PropertyCases.forAll("json", (random, seed) -> {
            Delta doc = random.document(30);
            Delta change = random.changeOf(doc);
            assertThat(DeltaJson.parse(DeltaJson.write(change))).isEqualTo(change);
            assertThat(DeltaJson.parse(DeltaJson.write(doc))).isEqualTo(doc);
        });
    }
}
