package io.quire.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.ot.TextDiff.Edit;
import io.quire.ot.TextDiff.Kind;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every expected value below is fast-diff 1.3.0's own output, from
 * {@code node -e "console.log(JSON.stringify(require('fast-diff')(a, b, undefined, true)))"}, so these pin parity with
 * the JavaScript reference rather than what we would consider a nice diff.
 */
class TextDiffTest {

    private static Edit eq(String text) {
        return new Edit(Kind.EQUAL, text);
    }

    private static Edit del(String text) {
        return new Edit(Kind.DELETE, text);
    }

    private static Edit ins(String text) {
        return new Edit(Kind.INSERT, text);
    }

    private static void assertDiff(String before, String after, Edit... expected) {
        assertThat(TextDiff.diff(before, after)).containsExactly(expected);
    }

    @Test
    void equalTexts() {
        assertDiff("abc", "abc", eq("abc"));
        assertDiff("", "");
    }

    @Test
    void oneSideEmpty() {
        assertDiff("", "abc", ins("abc"));
        assertDiff("abc", "", del("abc"));
    }

    @Test
    void commonPrefixAndSuffix() {
        assertDiff("abc", "abd", eq("ab"), del("c"), ins("d"));
        assertDiff("The cat", "The hat", eq("The "), del("c"), ins("h"), eq("at"));
    }

    @Test
    void shorterTextInsideLonger() {
        assertDiff("abc", "xabcy", ins("x"), eq("abc"), ins("y"));
        assertDiff("xabcy", "abc", del("x"), eq("abc"), del("y"));
    }

    @Test
    void halfMatch() {
        assertDiff("1234567890", "a345678z", del("12"), ins("a"), eq("345678"), del("90"), ins("z"));
    }

    @Test
    void bisect() {
        assertDiff("The quick brown fox jumps over the lazy dog.", "That quick brown fox jumped over a lazy dog.",
                eq("Th"), del("e"), ins("at"), eq(" quick brown fox jump"), del("s"), ins("ed"), eq(" over "),
                del("the"), ins("a"), eq(" lazy dog."));
    }

    @Test
    void semanticCleanupDropsTrivialEqualities() {
        // Without cleanup these would be c/m, a kept, t/p and the like.
        assertDiff("cat", "map", del("cat"), ins("map"));
        assertDiff("mouse", "sofas", del("mouse"), ins("sofas"));
    }

    @Test
    void semanticCleanupAlignsToWords() {
        assertDiff("The came.", "The cat came.", eq("The "), ins("cat "), eq("came."));
        assertDiff("The quick brown fox", "The quick red fox", eq("The quick "), del("brown"), ins("red"), eq(" fox"));
    }

    @Test
    void semanticCleanupPrefersLineAndBlankLineBoundaries() {
        assertDiff("one\ntwo\nthree", "one\ntwo\nfour\nthree", eq("one\ntwo\n"), ins("four\n"), eq("three"));
        assertDiff("Hello\n\nWorld", "Hello\n\nBig\n\nWorld", eq("Hello\n\n"), ins("Big\n\n"), eq("World"));
        assertDiff("a\r\n\r\nb", "a\r\n\r\nc\r\n\r\nb", eq("a\r\n\r\n"), ins("c\r\n\r\n"), eq("b"));
    }

    @Test
    void blankLineMatchesOnlyAtTheVeryEnd() {
        // A Java regex "$" would also match before the trailing \r and pick the other position.
        assertDiff("x\n\n\ry", "x\n\n\rz\n\n\ry", eq("x\n\n"), ins("\rz\n\n"), eq("\ry"));
    }

    @Test
    void whitespaceIsJavaScriptWhitespace() {
        // NBSP and BOM are whitespace to JS /\s/ (not to Character.isWhitespace), so "." then space ends a sentence.
        assertDiff("Hi.\u00a0there", "Hi.\u00a0Bob.\u00a0there", eq("Hi."), ins("\u00a0Bob."), eq("\u00a0there"));
        assertDiff("a.\ufeffb", "a.\ufeffc.\ufeffb", eq("a."), ins("\ufeffc."), eq("\ufeffb"));
        // U+180E stopped being whitespace in Unicode 6.3.
        assertDiff("a.\u180eb", "a.\u180ec.\u180eb", eq("a.\u180e"), ins("c.\u180e"), eq("b"));
    }

    @Test
    void overlapsBecomeEqualities() {
        assertDiff("abcxxx", "xxxdef", del("abc"), eq("xxx"), ins("def"));
        assertDiff("xxxabc", "defxxx", ins("def"), eq("xxx"), del("abc"));
    }

    @Test
    void keepsFastDiffsEmptyEdit() {
        assertDiff("bbabaaababaabbb", "abaabbabababb",
                del("bb"), eq("abaa"), ins("bb"), eq("a"), del(""), eq("baba"), del("ab"), eq("bb"));
    }

    @Test
    void surrogatePairsStayWholeAtTheFirstMerge() {
        assertDiff("a😀b", "a😁b", eq("a"), del("😀"), ins("😁"), eq("b"));
        assertDiff("😀", "😀😀", eq("😀"), ins("😀"));
        assertDiff("😀x", "x😀", ins("x"), eq("😀"), del("x"));
        assertDiff("a🎉b😀c", "a😀b🎉c", eq("a"), del("🎉b😀"), ins("😀b🎉"), eq("c"));
    }

    @Test
    void semanticCleanupMaySplitSurrogatePairsAsFastDiffDoes() {
        // The lossless shift walks code units, so fast-diff (and quill-delta's Delta.diff) cuts 😀 in two here.
        assertDiff("a😀", "a😁😀", eq("a\uD83D"), ins("\uDE01\uD83D"), eq("\uDE00"));
    }

    @Test
    void nulCharactersFromEmbeds() {
        assertDiff("\0\0a", "\0b\0a", eq("\0"), ins("b"), eq("\0a"));
        assertDiff("ab\0cd", "ab\0\0cd", eq("ab\0"), ins("\0"), eq("cd"));
    }

    @Test
    void rejectsTextsOnWhichFastDiffOverflowsItsStack() {
        String before = "\uDE00\uD83D\uDE01\uD83D\uDE02";
        String after = "\uDE00\uDE00\uD83D\uDE01\uD83D\uDE02";
        assertThatThrownBy(() -> TextDiff.diff(before, after)).isInstanceOf(IllegalArgumentException.class);
    }

    private static final String[][] ALPHABETS = {
        {"a", "b"},
        {"a", "b", " ", "\n"},
        {"the", "cat", " ", ".", "\n", "\n\n", "\r\n"},
        {"x", "\0", "😀", "😁", "🎉", " "},
        {"a", "1", "\t", "\u00a0", "\ufeff", "\u2028", "-"},
    };

    /** Edits replayed on {@code before} give {@code after}, and each side's texts concatenate to that side. */
    @Test
    void editsTurnBeforeIntoAfter() {
        long seed = Long.getLong("quire.ot.seed", new Random().nextLong());
        int cases = Integer.getInteger("quire.ot.cases", 3000);
        System.out.println("TextDiffTest.editsTurnBeforeIntoAfter seed=" + seed + " cases=" + cases);
        Random random = new Random(seed);
        for (int i = 0; i < cases; i++) {
            String[] alphabet = ALPHABETS[random.nextInt(ALPHABETS.length)];
            String before = randomText(random, alphabet, random.nextInt(i % 100 == 99 ? 1500 : 60));
            String after = random.nextInt(3) == 0
                    ? randomText(random, alphabet, random.nextInt(60))
                    : mutate(random, before, alphabet);
            List<Edit> edits = TextDiff.diff(before, after);

            StringBuilder replayed = new StringBuilder();
            StringBuilder oldSide = new StringBuilder();
            StringBuilder newSide = new StringBuilder();
            int cursor = 0;
            for (Edit edit : edits) {
                String text = edit.text();
                if (edit.kind() != Kind.INSERT) {
                    assertThat(before.startsWith(text, cursor))
                            .as("seed %d case %d: %s does not match before at %d", seed, i, edit, cursor)
                            .isTrue();
                    cursor += text.length();
                    oldSide.append(text);
                }
                if (edit.kind() != Kind.DELETE) {
                    replayed.append(text);
                    newSide.append(text);
                }
            }
            String context = "seed " + seed + " case " + i + ": " + edits;
            assertThat(cursor).as(context).isEqualTo(before.length());
            assertThat(replayed.toString()).as(context).isEqualTo(after);
            assertThat(oldSide.toString()).as(context).isEqualTo(before);
            assertThat(newSide.toString()).as(context).isEqualTo(after);
        }
    }

    private static String randomText(Random random, String[] alphabet, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }

    /** A few insertions and deletions of whole tokens, so related texts share long runs. */
    private static String mutate(Random random, String text, String[] alphabet) {
        StringBuilder result = new StringBuilder(text);
        for (int edits = 1 + random.nextInt(6); edits > 0; edits--) {
            int at = codePointBoundary(result, random.nextInt(result.length() + 1));
            if (random.nextBoolean() || result.length() == 0) {
                result.insert(at, randomText(random, alphabet, 1 + random.nextInt(5)));
            } else {
                int end = codePointBoundary(result, Math.min(result.length(), at + 1 + random.nextInt(6)));
                result.delete(at, end);
            }
        }
        return result.toString();
    }

    private static int codePointBoundary(CharSequence text, int index) {
        boolean inside = index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index));
        return inside ? index - 1 : index;
    }
}
