package io.quire.ot;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Named examples for each operation; expected values follow quill-delta's semantics. */
class DeltaTest {
    private static final AttributeMap BOLD = AttributeMap.of("bold", true);
    private static final AttributeMap ITALIC = AttributeMap.of("italic", true);
    private static final AttributeMap UNBOLD = AttributeMap.of("bold", null);
    private static final AttributeMap RED = AttributeMap.of("color", "red");
    private static final AttributeMap BLUE = AttributeMap.of("color", "blue");
    private static final Embed IMAGE = Embed.of("image", "a.png");

    private static DeltaBuilder d() {
        return Delta.builder();
    }

    private static Delta json(String json) {
        return DeltaJson.parse(json);
    }

    /** The example in the README, kept true. */
    @Test
    void readmeExample() {
        Delta doc = Delta.ofText("Hello\n");
        Delta mine = Delta.builder().retain(5).insert(", world").build();
        Delta theirs = Delta.builder().retain(5, AttributeMap.of("bold", true)).build();
        Delta mineAfterTheirs = theirs.transform(mine, true);
        assertThat(doc.apply(theirs).apply(mineAfterTheirs))
                .isEqualTo(d().insert("Hello", BOLD).insert(", world\n").build());
    }

    @Nested
    class CanonicalForm {
        @Test
        void adjacentInsertsWithEqualFormatsMerge() {
            assertThat(d().insert("a", BOLD).insert("b", BOLD).build()).isEqualTo(d().insert("ab", BOLD).build());
            assertThat(d().insert("a", BOLD).insert("b").build().opCount()).isEqualTo(2);
        }

        @Test
        void embedsNeverMerge() {
            assertThat(d().insert(IMAGE).insert(IMAGE).build().opCount()).isEqualTo(2);
        }

        @Test
        void insertGoesBeforeADeleteAtTheSameSpot() {
            Delta delta = d().retain(2).delete(3).insert("x").build();
            assertThat(delta.toString()).isEqualTo("{\"ops\":[{\"retain\":2},{\"insert\":\"x\"},{\"delete\":3}]}");
            assertThat(d().delete(1).insert("x").build().toString()).isEqualTo("{\"ops\":[{\"insert\":\"x\"},{\"delete\":1}]}");
        }

        @Test
        void insertBeforeDeleteStillMergesWithThePreviousInsert() {
            assertThat(d().insert("a").delete(1).insert("b").build()).isEqualTo(d().insert("ab").delete(1).build());
        }

        @Test
        void deletesAndRetainsMerge() {
            assertThat(d().delete(1).delete(2).build()).isEqualTo(d().delete(3).build());
            assertThat(d().retain(1, BOLD).retain(2, BOLD).build()).isEqualTo(d().retain(3, BOLD).build());
        }

        @Test
        void chopDropsOnlyAPlainTrailingRetain() {
            assertThat(d().insert("a").retain(4).chop().build()).isEqualTo(d().insert("a").build());
            assertThat(d().insert("a").retain(4, BOLD).chop().build().opCount()).isEqualTo(2);
        }

        @Test
        void zeroLengthsAndEmptyTextAreIgnored() {
            assertThat(d().retain(0).delete(0).insert("").build()).isEqualTo(Delta.EMPTY);
        }

        @Test
        void equalDeltasSerializeIdentically() {
            Delta a = d().insert("Hi", BOLD).insert("!", BOLD).retain(3).delete(2).build();
            Delta b = json("{\"ops\":[{\"insert\":\"H\",\"attributes\":{\"bold\":true}},{\"insert\":\"i!\",\"attributes\":{\"bold\":true}},"
                    + "{\"retain\":1},{\"retain\":2},{\"delete\":1},{\"delete\":1}]}");
            assertThat(a).isEqualTo(b);
            assertThat(a.toString()).isEqualTo(b.toString())
                    .isEqualTo("{\"ops\":[{\"insert\":\"Hi!\",\"attributes\":{\"bold\":true}},{\"retain\":3},{\"delete\":2}]}");
        }
    }

    @Nested
    class Lengths {
        @Test
        void countUtf16UnitsAndEmbedsAsOne() {
            Delta doc = d().insert("a😀").insert(IMAGE).insert("é").build();
            assertThat(doc.length()).isEqualTo(5); // a + surrogate pair + embed + é
            assertThat(d().retain(3).delete(2).insert("xy").build().baseLength()).isEqualTo(5);
            assertThat(d().retain(3).delete(2).insert("xy").build().changeLength()).isEqualTo(0);
        }

        @Test
        void emojiSurviveSlicingAtPairBoundaries() {
            Delta doc = Delta.ofText("a😀b");
            assertThat(doc.slice(1, 3)).isEqualTo(Delta.ofText("😀"));
            assertThat(doc.slice(3)).isEqualTo(Delta.ofText("b"));
        }
    }

    @Nested
    class Compose {
        @Test
        void insertThenInsert() {
            assertThat(d().insert("A").build().compose(d().insert("B").build())).isEqualTo(d().insert("BA").build());
        }

        @Test
        void insertThenRetainWithFormat() {
            Delta result = d().insert("A").build().compose(d().retain(1, BOLD).build());
            assertThat(result).isEqualTo(d().insert("A", BOLD).build());
        }

        @Test
        void insertThenDeleteCancels() {
            assertThat(d().insert("A").build().compose(d().delete(1).build())).isEqualTo(Delta.EMPTY);
        }

        @Test
        void deleteThenInsert() {
            assertThat(d().delete(1).build().compose(d().insert("B").build()))
                    .isEqualTo(d().insert("B").delete(1).build());
        }

        @Test
        void retainWithFormatThenDelete() {
            assertThat(d().retain(1, BOLD).build().compose(d().delete(1).build())).isEqualTo(d().delete(1).build());
        }

        @Test
        void retainThenRetainMergesFormatsAndKeepsRemovals() {
            Delta result = d().retain(1, BOLD).build().compose(d().retain(1, AttributeMap.of("bold", null)).build());
            assertThat(result).isEqualTo(d().retain(1, UNBOLD).build());
        }

        @Test
        void removalOnAnInsertDisappears() {
            Delta result = d().insert("A", BOLD).build().compose(d().retain(1, UNBOLD).build());
            assertThat(result).isEqualTo(d().insert("A").build());
        }

        @Test
        void insertInTheMiddleOfText() {
            Delta result = Delta.ofText("Hello").compose(d().retain(3).insert("X").build());
            assertThat(result).isEqualTo(Delta.ofText("HelXlo"));
        }

        @Test
        void deleteAcrossFormatsAndEmbeds() {
            Delta doc = d().insert("ab", BOLD).insert(IMAGE).insert("cd").build();
            assertThat(doc.compose(d().retain(1).delete(3).build())).isEqualTo(d().insert("a", BOLD).insert("d").build());
        }

        @Test
        void formatOverlappingRuns() {
            Delta doc = d().insert("ab", RED).insert("cd").build();
            Delta result = doc.compose(d().retain(1).retain(2, BLUE).build());
            assertThat(result).isEqualTo(d().insert("a", RED).insert("bc", BLUE).insert("d").build());
        }
    }

    @Nested
    class Transform {
        @Test
        void insertAgainstInsertPriorityDecidesOrder() {
            Delta a = d().insert("A").build();
            Delta b = d().insert("B").build();
            assertThat(a.transform(b, true)).isEqualTo(d().retain(1).insert("B").build());
            assertThat(a.transform(b, false)).isEqualTo(d().insert("B").build());
        }

        @Test
        void insertAgainstRetain() {
            Delta a = d().insert("A").build();
            assertThat(a.transform(d().retain(1, BOLD).build(), true)).isEqualTo(d().retain(1).retain(1, BOLD).build());
        }

        @Test
        void insertAgainstDelete() {
            Delta a = d().insert("A").build();
            assertThat(a.transform(d().delete(1).build(), true)).isEqualTo(d().retain(1).delete(1).build());
        }

        @Test
        void deleteAgainstInsert() {
            assertThat(d().delete(1).build().transform(d().insert("B").build(), true)).isEqualTo(d().insert("B").build());
        }

        @Test
        void deleteAgainstRetainWithFormat() {
            assertThat(d().delete(1).build().transform(d().retain(1, BOLD).build(), true)).isEqualTo(Delta.EMPTY);
        }

        @Test
        void deleteAgainstDelete() {
            assertThat(d().delete(1).build().transform(d().delete(1).build(), true)).isEqualTo(Delta.EMPTY);
        }

        @Test
        void retainWithFormatAgainstDelete() {
            assertThat(d().retain(1, BOLD).build().transform(d().delete(1).build(), true)).isEqualTo(d().delete(1).build());
        }

        @Test
        void conflictingFormatsCommittedSideWinsWithPriority() {
            Delta committed = d().retain(1, RED).build();
            Delta incoming = d().retain(1, BLUE).build();
            assertThat(committed.transform(incoming, true)).isEqualTo(Delta.EMPTY);
            assertThat(committed.transform(incoming, false)).isEqualTo(incoming);
        }

        @Test
        void nonConflictingFormatsPassThrough() {
            Delta committed = d().retain(2, BOLD).build();
            Delta incoming = d().retain(2, ITALIC).build();
            assertThat(committed.transform(incoming, true)).isEqualTo(incoming);
        }

        @Test
        void overlappingDeletes() {
            Delta a = d().retain(1).delete(3).build();
            Delta b = d().retain(2).delete(3).build();
            assertThat(a.transform(b, true)).isEqualTo(d().retain(1).delete(1).build());
        }
    }

    @Nested
    class TransformPosition {
        @Test
        void insertBeforeMovesCaret() {
            assertThat(d().insert("AB").build().transformPosition(2, false)).isEqualTo(4);
            assertThat(d().retain(1).insert("AB").build().transformPosition(2, true)).isEqualTo(4);
        }

        @Test
        void insertAtCaretMovesItOnlyWithoutPriority() {
            Delta insert = d().retain(2).insert("AB").build();
            assertThat(insert.transformPosition(2, false)).isEqualTo(4);
            assertThat(insert.transformPosition(2, true)).isEqualTo(2);
        }

        @Test
        void insertAfterLeavesCaret() {
            assertThat(d().retain(3).insert("AB").build().transformPosition(2, false)).isEqualTo(2);
        }

        @Test
        void deleteBeforeOrAroundClampsToTheDeleteStart() {
            assertThat(d().delete(2).build().transformPosition(4, false)).isEqualTo(2);
            assertThat(d().retain(1).delete(4).build().transformPosition(3, false)).isEqualTo(1);
            assertThat(d().retain(4).delete(2).build().transformPosition(3, false)).isEqualTo(3);
        }
    }

    @Nested
    class Invert {
        @Test
        void insertInvertsToDelete() {
            Delta base = Delta.ofText("123");
            assertThat(d().retain(1).insert("ab").build().invert(base)).isEqualTo(d().retain(1).delete(2).build());
        }

        @Test
        void deleteInvertsToTheDeletedContentWithItsFormats() {
            Delta base = d().insert("12", BOLD).insert(IMAGE).insert("3").build();
            Delta change = d().retain(1).delete(2).build();
            assertThat(change.invert(base)).isEqualTo(d().retain(1).insert("2", BOLD).insert(IMAGE).build());
        }

        @Test
        void formatInvertsToThePreviousFormats() {
            Delta base = d().insert("a", RED).insert("b").build();
            Delta change = d().retain(2, BLUE).build();
            assertThat(change.invert(base)).isEqualTo(d().retain(1, RED).retain(1, AttributeMap.of("color", null)).build());
        }

        @Test
        void invertNeedsTheBaseDocument() {
            assertThatThrownBy(() -> d().delete(5).build().invert(Delta.ofText("ab")))
                    .isInstanceOf(InvalidDeltaException.class).hasMessageContaining("base document has 2");
        }
    }

    @Nested
    class Diff {
        @Test
        void insertedText() {
            assertThat(Delta.ofText("A").diff(Delta.ofText("AB"))).isEqualTo(d().retain(1).insert("B").build());
        }

        @Test
        void deletedText() {
            assertThat(Delta.ofText("AB").diff(Delta.ofText("A"))).isEqualTo(d().retain(1).delete(1).build());
        }

        @Test
        void formatChange() {
            Delta before = d().insert("AB", BOLD).build();
            Delta after = d().insert("A", BOLD).insert("B", ITALIC).build();
            Delta expected = json("{\"ops\":[{\"retain\":1},{\"retain\":1,\"attributes\":{\"bold\":null,\"italic\":true}}]}");
            assertThat(before.diff(after)).isEqualTo(expected);
            assertThat(before.diff(after).toString()).isEqualTo(expected.toString());
        }

        @Test
        void differentEmbedsAreReplaced() {
            Delta before = d().insert(IMAGE).build();
            Delta after = d().insert(Embed.of("image", "b.png")).build();
            assertThat(before.diff(after)).isEqualTo(d().insert(Embed.of("image", "b.png")).delete(1).build());
        }

        @Test
        void diffOfAChangeIsRefused() {
            assertThatThrownBy(() -> Delta.ofText("a").diff(d().retain(1).build()))
                    .isInstanceOf(InvalidDeltaException.class).hasMessageContaining("not a document");
        }
    }

    @Nested
    class Apply {
        @Test
        void appliesAFittingChange() {
            assertThat(Delta.ofText("Hello").apply(d().retain(5).insert("!").build())).isEqualTo(Delta.ofText("Hello!"));
        }

        @Test
        void retainPastTheEndIsAnError() {
            assertThatThrownBy(() -> Delta.ofText("Hello").apply(d().retain(6, BOLD).build()))
                    .isInstanceOf(InvalidDeltaException.class)
                    .hasMessage("op 0: retain 6 at position 0 exceeds document length 5 (expected: <= 5)");
        }

        @Test
        void deletePastTheEndIsAnError() {
            assertThatThrownBy(() -> Delta.ofText("Hello").apply(d().retain(2).insert("x").delete(4).build()))
                    .isInstanceOf(InvalidDeltaException.class)
                    .hasMessage("op 2: delete 4 at position 2 exceeds document length 5 (expected: <= 3)");
        }

        @Test
        void applyingToAChangeIsRefused() {
            assertThatThrownBy(() -> d().retain(1).build().apply(Delta.EMPTY))
                    .isInstanceOf(InvalidDeltaException.class).hasMessageContaining("needs a document");
        }
    }
}
