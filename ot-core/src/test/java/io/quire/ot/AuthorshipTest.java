package io.quire.ot;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Named examples for each kind of change, then seeded property tests against a unit-by-unit model. */
class AuthorshipTest {
    private static final AttributeMap BOLD = AttributeMap.of("bold", true);
    private static final AttributeMap UNBOLD = AttributeMap.of("bold", null);
    private static final Embed IMAGE = Embed.of("image", "a.png");

    private static DeltaBuilder d() {
        return Delta.builder();
    }

    /** Runs from alternating authors and lengths: {@code runs("ann", 3, "bob", 2)}. */
    private static List<AuthorRun> runs(Object... authorsAndLengths) {
        List<AuthorRun> runs = new ArrayList<>();
        for (int i = 0; i < authorsAndLengths.length; i += 2) {
            runs.add(new AuthorRun((String) authorsAndLengths[i], (Integer) authorsAndLengths[i + 1]));
        }
        return runs;
    }

    private static Authorship doc(Object... authorsAndLengths) {
        return Authorship.of(runs(authorsAndLengths));
    }

    @Nested
    class Insert {
        @Test
        void intoAnEmptyDocument() {
            Authorship authorship = new Authorship();
            authorship.apply(d().insert("Hello").build(), "ann");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 5));
            assertThat(authorship.length()).isEqualTo(5);
        }

        @Test
        void atTheEndBySameAuthorExtendsTheRun() {
            Authorship authorship = doc("ann", 5);
            authorship.apply(d().retain(5).insert("!").build(), "ann");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 6));
        }

        @Test
        void atTheEndByAnotherAuthorAddsARun() {
            Authorship authorship = doc("ann", 5);
            authorship.apply(d().retain(5).insert("!!").build(), "bob");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 5, "bob", 2));
        }

        @Test
        void atTheStart() {
            Authorship authorship = doc("ann", 5);
            authorship.apply(d().insert("> ").build(), "bob");
            assertThat(authorship.runs()).isEqualTo(runs("bob", 2, "ann", 5));
        }

        @Test
        void insideAnotherAuthorsRunSplitsIt() {
            Authorship authorship = doc("ann", 5);
            authorship.apply(d().retain(2).insert("xyz").build(), "bob");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 2, "bob", 3, "ann", 3));
        }

        @Test
        void insideTheAuthorsOwnRunDoesNotSplitIt() {
            Authorship authorship = doc("ann", 5);
            authorship.apply(d().retain(2).insert("xyz").build(), "ann");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 8));
        }

        @Test
        void atABoundaryExtendsTheNeighbourOfTheSameAuthor() {
            Authorship before = doc("ann", 3, "bob", 3);
            Authorship byBob = before.copy();
            byBob.apply(d().retain(3).insert("x").build(), "bob");
            assertThat(byBob.runs()).isEqualTo(runs("ann", 3, "bob", 4));
            Authorship byAnn = before.copy();
            byAnn.apply(d().retain(3).insert("x").build(), "ann");
            assertThat(byAnn.runs()).isEqualTo(runs("ann", 4, "bob", 3));
        }

        @Test
        void severalInsertsInOneChange() {
            Authorship authorship = doc("ann", 4);
            authorship.apply(d().retain(1).insert("x").retain(2).insert("yz").build(), "bob");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 1, "bob", 1, "ann", 2, "bob", 2, "ann", 1));
            assertThat(authorship.length()).isEqualTo(7);
        }
    }

    @Nested
    class Delete {
        @Test
        void insideARun() {
            Authorship authorship = doc("ann", 5, "bob", 2);
            authorship.apply(d().retain(1).delete(3).build(), "carl");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 2, "bob", 2));
        }

        @Test
        void aWholeRunJoinsTheNeighboursOfTheSameAuthor() {
            Authorship authorship = doc("ann", 2, "bob", 2, "ann", 2);
            authorship.apply(d().retain(2).delete(2).build(), "carl");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 4));
        }

        @Test
        void acrossRuns() {
            Authorship authorship = doc("ann", 3, "bob", 3, "carl", 3);
            authorship.apply(d().retain(2).delete(5).build(), "ann");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 2, "carl", 2));
        }

        @Test
        void everythingAndTypeAgain() {
            Authorship authorship = doc("ann", 3, "bob", 3);
            authorship.apply(d().delete(6).build(), "ann");
            assertThat(authorship.runs()).isEmpty();
            assertThat(authorship.length()).isZero();
            assertThat(authorship).isEqualTo(new Authorship());
            authorship.apply(d().insert("again").build(), "bob");
            assertThat(authorship.runs()).isEqualTo(runs("bob", 5));
        }

        @Test
        void replacingTextCreditsTheReplacement() {
            Authorship authorship = doc("ann", 5);
            authorship.apply(d().retain(1).insert("X").delete(2).build(), "bob");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 1, "bob", 1, "ann", 2));
        }
    }

    @Nested
    class RetainWithAttributes {
        @Test
        void formattingKeepsTheAuthors() {
            Authorship authorship = doc("ann", 3, "bob", 3);
            authorship.apply(d().retain(6, BOLD).build(), "carl");
            authorship.apply(d().retain(1).retain(4, UNBOLD).build(), "carl");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 3, "bob", 3));
        }

        @Test
        void formattingThenTyping() {
            Authorship authorship = doc("ann", 3, "bob", 3);
            authorship.apply(d().retain(2, BOLD).insert("x", BOLD).build(), "carl");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 2, "carl", 1, "ann", 1, "bob", 3));
        }
    }

    @Nested
    class Embeds {
        @Test
        void anEmbedCountsOne() {
            Authorship authorship = doc("ann", 2);
            authorship.apply(d().retain(1).insert(IMAGE).insert("cap").build(), "bob");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 1, "bob", 4, "ann", 1));
            assertThat(authorship.length()).isEqualTo(6);
        }

        @Test
        void deletingAnEmbedRemovesOneUnit() {
            Authorship authorship = new Authorship();
            authorship.apply(d().insert("a").insert(IMAGE).build(), "ann");
            authorship.apply(d().retain(1).delete(1).build(), "bob");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 1));
        }
    }

    @Nested
    class SurrogatePairs {
        @Test
        void anEmojiCountsTwo() {
            Authorship authorship = new Authorship();
            authorship.apply(d().insert("a😀b").build(), "ann");
            authorship.apply(d().retain(1).insert("😀").build(), "bob");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 1, "bob", 2, "ann", 3));
            assertThat(authorship.length()).isEqualTo(6);
        }

        @Test
        void deletingAnEmojiRemovesTwoUnits() {
            Authorship authorship = new Authorship();
            authorship.apply(d().insert("😀😀").build(), "ann");
            authorship.apply(d().retain(2).delete(2).build(), "bob");
            assertThat(authorship.length()).isEqualTo(2);
        }
    }

    @Nested
    class ChangeShorterThanTheDocument {
        @Test
        void theRestIsKept() {
            Authorship authorship = doc("ann", 10);
            authorship.apply(d().retain(3).insert("x").build(), "bob");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 3, "bob", 1, "ann", 7));
            assertThat(authorship.length()).isEqualTo(11);
        }

        @Test
        void anEmptyChangeChangesNothing() {
            Authorship authorship = doc("ann", 10);
            authorship.apply(Delta.EMPTY, "bob");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 10));
        }

        @Test
        void aChangeExactlyAsLongFits() {
            Authorship authorship = doc("ann", 3);
            authorship.apply(d().retain(2).delete(1).insert("z").build(), "bob");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 2, "bob", 1));
        }
    }

    @Nested
    class ChangeThatDoesNotFit {
        @Test
        void aRetainPastTheEndIsRefused() {
            Authorship authorship = doc("ann", 3, "bob", 2);
            assertThatThrownBy(() -> authorship.apply(d().retain(6).insert("x").build(), "carl"))
                    .isInstanceOf(InvalidDeltaException.class)
                    .hasMessage("op 0: retain 6 at position 0 exceeds document length 5 (expected: <= 5)");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 3, "bob", 2));
            assertThat(authorship.length()).isEqualTo(5);
        }

        @Test
        void aDeletePastTheEndLeavesEvenTheInsertBeforeItUndone() {
            Authorship authorship = doc("ann", 5);
            assertThatThrownBy(() -> authorship.apply(d().insert("x").retain(3).delete(3).build(), "bob"))
                    .isInstanceOf(InvalidDeltaException.class)
                    .hasMessage("op 2: delete 3 at position 3 exceeds document length 5 (expected: <= 2)");
            assertThat(authorship.runs()).isEqualTo(runs("ann", 5));
        }

        @Test
        void anyDeleteOnAnEmptyDocumentIsRefused() {
            Authorship authorship = new Authorship();
            assertThatThrownBy(() -> authorship.apply(d().delete(1).build(), "bob"))
                    .isInstanceOf(InvalidDeltaException.class)
                    .hasMessage("op 0: delete 1 at position 0 exceeds document length 0 (expected: <= 0)");
            assertThat(authorship.length()).isZero();
        }

        @Test
        void aMissingAuthorIsRefusedBeforeAnythingChanges() {
            Authorship authorship = doc("ann", 5);
            assertThatThrownBy(() -> authorship.apply(d().insert("x").build(), null)).isInstanceOf(NullPointerException.class);
            assertThat(authorship.runs()).isEqualTo(runs("ann", 5));
        }
    }

    @Nested
    class MergingOfRuns {
        @Test
        void typingOneCharacterAtATimeIsOneRun() {
            Authorship authorship = new Authorship();
            for (int i = 0; i < 1000; i++) {
                authorship.apply(d().retain(i).insert("x").build(), "ann");
            }
            assertThat(authorship.runs()).isEqualTo(runs("ann", 1000));
        }

        @Test
        void ofJoinsNeighboursOfTheSameAuthor() {
            assertThat(doc("ann", 2, "ann", 3, "bob", 1, "bob", 1).runs()).isEqualTo(runs("ann", 5, "bob", 2));
        }

        /** Chunks may meet on runs of one author; the public view joins them. */
        @Test
        void runsAreJoinedAcrossChunks() {
            Authorship authorship = new Authorship(4);
            for (int i = 0; i < 40; i++) {
                authorship.apply(d().retain(i).insert("x").build(), i % 2 == 0 ? "ann" : "bob");
            }
            assertThat(authorship.chunkCount()).isGreaterThan(5);
            for (int i = 39; i > 0; i -= 2) {
                authorship.apply(d().retain(i).delete(1).build(), "carl");
                authorship.checkInvariants();
            }
            assertThat(authorship.runs()).isEqualTo(runs("ann", 20));
        }
    }

    @Nested
    class FactoriesAndCopies {
        @Test
        void ofNothingIsEmpty() {
            assertThat(Authorship.of(List.of())).isEqualTo(new Authorship());
            assertThat(new Authorship().runs()).isEmpty();
        }

        @Test
        void unknownIsOneRunOrNothing() {
            assertThat(Authorship.unknown(7, "legacy").runs()).isEqualTo(runs("legacy", 7));
            assertThat(Authorship.unknown(0, "legacy").runs()).isEmpty();
            assertThat(Authorship.unknown(0, "legacy").length()).isZero();
            assertThatThrownBy(() -> Authorship.unknown(-1, "legacy"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("length is -1 (expected: >= 0)");
            assertThatThrownBy(() -> Authorship.unknown(3, null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void ofDoesNotKeepTheList() {
            List<AuthorRun> list = runs("ann", 2);
            Authorship authorship = Authorship.of(list);
            list.add(new AuthorRun("bob", 3));
            assertThat(authorship.runs()).isEqualTo(runs("ann", 2));
        }

        @Test
        void aCopyIsIndependent() {
            Authorship original = doc("ann", 3, "bob", 3);
            Authorship copy = original.copy();
            copy.apply(d().retain(1).insert("x").build(), "carl");
            original.apply(d().delete(1).build(), "carl");
            assertThat(original.runs()).isEqualTo(runs("ann", 2, "bob", 3));
            assertThat(copy.runs()).isEqualTo(runs("ann", 1, "carl", 1, "ann", 2, "bob", 3));
        }

        @Test
        void aRunNeedsAnAuthorAndAPositiveLength() {
            assertThatThrownBy(() -> new AuthorRun(null, 1))
                    .isInstanceOf(NullPointerException.class).hasMessage("author must not be null");
            assertThatThrownBy(() -> new AuthorRun("ann", 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("run of author ann has length 0 (expected: >= 1)");
        }

        @Test
        void equalityIsByRunsWhateverTheChunking() {
            Authorship typed = new Authorship(4);
            for (int i = 0; i < 30; i++) {
                typed.apply(d().retain(i).insert("xy").build(), i % 3 == 0 ? "ann" : "bob");
                typed.apply(d().retain(i).delete(1).build(), "carl");
            }
            Authorship rebuilt = Authorship.of(typed.runs());
            assertThat(rebuilt).isEqualTo(typed).hasSameHashCodeAs(typed);
            assertThat(rebuilt.toString()).isEqualTo(typed.toString());
            assertThat(doc("ann", 5, "bob", 3)).hasToString("Authorship[ann 5, bob 3]");
            assertThat(doc("ann", 5)).isNotEqualTo(doc("ann", 4));
        }

        @Test
        void runsCannotBeChangedFromOutside() {
            assertThatThrownBy(() -> doc("ann", 1).runs().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class UnitsByAuthor {
        @Test
        void sumsPerAuthorInOrderOfFirstAppearance() {
            Map<String, Long> units = doc("bob", 2, "ann", 3, "bob", 1, "carl", 4).unitsByAuthor();
            assertThat(units).containsExactly(Map.entry("bob", 3L), Map.entry("ann", 3L), Map.entry("carl", 4L));
        }

        @Test
        void anAuthorWhoseTextIsGoneIsAbsent() {
            Authorship authorship = doc("ann", 2, "bob", 2, "ann", 2);
            authorship.apply(d().retain(2).delete(2).build(), "carl");
            assertThat(authorship.unitsByAuthor()).containsExactly(Map.entry("ann", 4L));
        }

        @Test
        void emptyForAnEmptyDocument() {
            assertThat(new Authorship().unitsByAuthor()).isEmpty();
        }
    }

    // ---- property tests against a dumb model ----------------------------------------------------

    private static final String[] AUTHORS = {"ann", "bob", "carl", "dee"};
    private static final int[] CHUNK_SIZES = {4, 5, 8, 16, Authorship.DEFAULT_MAX_RUNS};

    @Nested
    class Properties {
        /**
         * Invariant: after any sequence of changes by any authors, runs() and length() are those of a list
         * holding one author per unit to which the same changes were applied, and a change that does not
         * fit changes nothing. One case in twenty grows a document of a few thousand units and hundreds of
         * runs, over many chunks; the others are short, on chunks of every size.
         */
        @Test
        void matchesAUnitByUnitModel() {
            int[] largest = new int[3]; // most units, runs and chunks any case ended with: shows what was covered
            PropertyCases.forAll("authorship == model", (random, seed) -> {
                boolean large = random.nextInt(20) == 0;
                int maxRuns = CHUNK_SIZES[random.nextInt(CHUNK_SIZES.length)];
                int steps = large ? 300 + random.nextInt(200) : 1 + random.nextInt(30);
                List<String> model = new ArrayList<>();
                Authorship authorship = random.nextInt(2) == 0 ? new Authorship(maxRuns) : startFrom(random, model, maxRuns);
                for (int step = 0; step < steps; step++) {
                    String author = AUTHORS[random.nextInt(AUTHORS.length)];
                    if (random.nextInt(20) == 0) {
                        checkRefused(authorship, random.change(model.size() + 1 + random.nextInt(5)), author);
                        continue;
                    }
                    Delta change = changeAnywhere(random, model.size(), large);
                    authorship.apply(change, author);
                    applyToModel(model, change, author);
                    authorship.checkInvariants();
                    assertThat(authorship.length()).as("length after step %d", step).isEqualTo(model.size());
                    assertThat(authorship.runs()).as("step %d: %s by %s, max %d runs a chunk", step, change, author, maxRuns)
                            .isEqualTo(modelRuns(model));
                }
                assertThat(authorship.unitsByAuthor()).containsExactlyEntriesOf(modelUnits(model));
                assertThat(Authorship.of(authorship.runs())).isEqualTo(authorship);
                largest[0] = Math.max(largest[0], authorship.length());
                largest[1] = Math.max(largest[1], authorship.runs().size());
                largest[2] = Math.max(largest[2], authorship.chunkCount());
            });
            System.out.printf("  largest at the end of a case: %d units, %d runs, %d chunks%n", largest[0], largest[1], largest[2]);
        }

        /** Invariant: a copy and its original never see each other's changes. */
        @Test
        void copiesAreIndependent() {
            PropertyCases.forAll("authorship copy", (random, seed) -> {
                List<String> model = new ArrayList<>();
                Authorship original = startFrom(random, model, CHUNK_SIZES[random.nextInt(CHUNK_SIZES.length)]);
                List<AuthorRun> before = original.runs();
                Authorship copy = original.copy();
                for (int step = 0; step < 5; step++) {
                    copy.apply(changeAnywhere(random, copy.length(), false), AUTHORS[random.nextInt(AUTHORS.length)]);
                }
                assertThat(original.runs()).isEqualTo(before);
                original.apply(changeAnywhere(random, original.length(), false), "ann");
                copy.checkInvariants();
                original.checkInvariants();
            });
        }
    }

    /** A long chapter with many interleaved authors, typed on in every way: the model must agree at the end. */
    @Test
    void aLongChapterOfManyAuthors() {
        Random random = new Random(7);
        List<String> model = new ArrayList<>();
        List<AuthorRun> start = new ArrayList<>();
        while (model.size() < 200_000) {
            String author = AUTHORS[random.nextInt(AUTHORS.length)];
            int n = 1 + random.nextInt(15);
            start.add(new AuthorRun(author, n));
            model.addAll(Collections.nCopies(n, author));
        }
        Authorship authorship = Authorship.of(start);
        assertThat(authorship.chunkCount()).isGreaterThan(200);
        for (int i = 0; i < 4_000; i++) {
            String author = AUTHORS[i % AUTHORS.length];
            int at = random.nextInt(model.size());
            Delta keystroke = switch (i % 4) {
                case 0 -> d().retain(at).insert("x").build();
                case 1 -> d().retain(at).delete(1).build();
                case 2 -> d().retain(at).insert("pasted\n".repeat(20)).build();
                default -> d().retain(at).delete(Math.min(300, model.size() - at)).build();
            };
            authorship.apply(keystroke, author);
            applyToModel(model, keystroke, author);
        }
        authorship.checkInvariants();
        assertThat(authorship.length()).isEqualTo(model.size());
        assertThat(authorship.runs()).isEqualTo(modelRuns(model));
    }

    /** A random starting document from {@link Authorship#of}, mirrored into {@code model}. */
    private static Authorship startFrom(RandomDeltas random, List<String> model, int maxRuns) {
        List<AuthorRun> runs = new ArrayList<>();
        int count = random.nextInt(40);
        for (int i = 0; i < count; i++) {
            AuthorRun run = new AuthorRun(AUTHORS[random.nextInt(AUTHORS.length)], 1 + random.nextInt(6));
            runs.add(run);
            model.addAll(Collections.nCopies(run.length(), run.author()));
        }
        Authorship authorship = Authorship.of(runs, maxRuns);
        authorship.checkInvariants();
        return authorship;
    }

    /**
     * A random change that fits {@code length} units, starting anywhere in the document. Large cases add
     * pastes, which grow the document, and long deletes, which empty whole chunks.
     */
    private static Delta changeAnywhere(RandomDeltas random, int length, boolean large) {
        int at = random.nextInt(length + 1);
        if (large && random.nextInt(10) == 0) {
            return d().retain(at).insert("p".repeat(20 + random.nextInt(180))).build();
        }
        if (large && at < length && random.nextInt(30) == 0) {
            return d().retain(at).delete(1 + random.nextInt(Math.min(length - at, 1 + length / 3))).build();
        }
        DeltaBuilder change = d().retain(at);
        for (Op op : random.change(length - at).ops()) {
            change.push(op);
        }
        return change.chop().build();
    }

    private static void checkRefused(Authorship authorship, Delta change, String author) {
        if (change.baseLength() <= authorship.length()) {
            return; // the random change did not reach past the end after all
        }
        List<AuthorRun> before = authorship.runs();
        int length = authorship.length();
        assertThatThrownBy(() -> authorship.apply(change, author)).isInstanceOf(InvalidDeltaException.class)
                .hasMessageContaining("exceeds document length " + length);
        assertThat(authorship.runs()).isEqualTo(before);
        assertThat(authorship.length()).isEqualTo(length);
        authorship.checkInvariants();
    }

    /** The model: one entry per unit, naming its author. */
    private static void applyToModel(List<String> model, Delta change, String author) {
        int position = 0;
        for (Op op : change.ops()) {
            if (op instanceof Op.Insert) {
                model.addAll(position, Collections.nCopies(op.length(), author));
                position += op.length();
            } else if (op instanceof Op.Retain) {
                position += op.length();
            } else {
                model.subList(position, position + op.length()).clear();
            }
        }
    }

    private static List<AuthorRun> modelRuns(List<String> model) {
        List<AuthorRun> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= model.size(); i++) {
            if (i == model.size() || !model.get(i).equals(model.get(start))) {
                runs.add(new AuthorRun(model.get(start), i - start));
                start = i;
            }
        }
        return runs;
    }

    private static Map<String, Long> modelUnits(List<String> model) {
        Map<String, Long> units = new LinkedHashMap<>();
        for (String author : model) {
            units.merge(author, 1L, Long::sum);
        }
        return units;
    }
}
