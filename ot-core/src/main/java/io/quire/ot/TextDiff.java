package io.quire.ot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Character diff that computes exactly the edit script of the npm package {@code fast-diff} 1.3.0 with semantic
 * cleanup, {@code diff(text1, text2, undefined, true)}, which is what quill-delta 5.1.0's {@code Delta.diff} uses.
 *
 * <p>Minimal diffs are not unique, and any other choice (even an equally good one) would make the deltas Quire records
 * as history differ from those the JavaScript client computes for the same documents. Matching fast-diff decision for
 * decision keeps history diffs identical byte for byte to the reference, so every tie-break, surrogate adjustment and
 * quirk below is deliberate, including the rare zero-length DELETE or INSERT that fast-diff emits. Strings are
 * compared as UTF-16 code units, as in JavaScript.
 *
 * <p>The algorithm is Neil Fraser's diff-match-patch (Myers' O(ND) bisection behind common prefix/suffix and
 * half-match shortcuts) as trimmed by fast-diff. Like fast-diff it has no deadline, so results never depend on timing.
 */
public final class TextDiff {

    public enum Kind { DELETE, EQUAL, INSERT }

    public record Edit(Kind kind, String text) {}

    private TextDiff() {
    }

    /**
     * The edits turning {@code before} into {@code after}: EQUAL and DELETE texts concatenate to {@code before},
     * EQUAL and INSERT texts to {@code after}.
     *
     * @throws IllegalArgumentException for the few texts with unpaired surrogates on which fast-diff itself never
     *     finishes (it overflows the stack), so that there is no answer to match
     */
    public static List<Edit> diff(String before, String after) {
        if (before.equals(after)) { // fast-diff returns before any cleanup runs
            return before.isEmpty() ? List.of() : List.of(new Edit(Kind.EQUAL, before));
        }
        // Only this outermost merge repairs split surrogate pairs; recursive diffs and the merge inside semantic
        // cleanup run without it, as in fast-diff.
        List<Edit> edits = diffMain(before, after, true);
        cleanupSemantic(edits);
        return List.copyOf(edits);
    }

    /**
     * A plain but correct edit script: the common prefix and suffix kept, the middle replaced. For texts where
     * {@link #diff} has no answer to give.
     */
    public static List<Edit> replaceMiddle(String before, String after) {
        int prefix = commonPrefix(before, after);
        int suffix = commonSuffix(before.substring(prefix), after.substring(prefix));
        List<Edit> edits = new ArrayList<>(4);
        Edit[] parts = {
            new Edit(Kind.EQUAL, before.substring(0, prefix)),
            new Edit(Kind.DELETE, before.substring(prefix, before.length() - suffix)),
            new Edit(Kind.INSERT, after.substring(prefix, after.length() - suffix)),
            new Edit(Kind.EQUAL, before.substring(before.length() - suffix))};
        for (Edit part : parts) {
            if (!part.text().isEmpty()) {
                edits.add(part);
            }
        }
        return edits;
    }

    private static List<Edit> diffMain(String a, String b, boolean fixUnicode) {
        if (a.equals(b)) {
            return a.isEmpty() ? new ArrayList<>() : listOf(new Edit(Kind.EQUAL, a));
        }
        int prefix = commonPrefix(a, b);
        int suffix = commonSuffix(a.substring(prefix), b.substring(prefix));
        List<Edit> edits = diffMiddle(a.substring(prefix, a.length() - suffix), b.substring(prefix, b.length() - suffix));
        if (prefix > 0) {
            edits.add(0, new Edit(Kind.EQUAL, a.substring(0, prefix)));
        }
        if (suffix > 0) {
            edits.add(new Edit(Kind.EQUAL, a.substring(a.length() - suffix)));
        }
        cleanupMerge(edits, fixUnicode);
        return edits;
    }

    /** Diffs two texts already known to share no prefix or suffix. */
    private static List<Edit> diffMiddle(String a, String b) {
        if (a.isEmpty()) {
            return listOf(new Edit(Kind.INSERT, b));
        }
        if (b.isEmpty()) {
            return listOf(new Edit(Kind.DELETE, a));
        }
        // On equal lengths fast-diff takes b as the longer text; the tie-break matters below.
        boolean aLonger = a.length() > b.length();
        String longer = aLonger ? a : b;
        String shorter = aLonger ? b : a;
        int at = longer.indexOf(shorter);
        if (at != -1) { // empty ends are left for cleanupMerge to drop, as in fast-diff
            Kind outer = aLonger ? Kind.DELETE : Kind.INSERT;
            return listOf(new Edit(outer, longer.substring(0, at)), new Edit(Kind.EQUAL, shorter),
                    new Edit(outer, longer.substring(at + shorter.length())));
        }
        if (shorter.length() == 1) {
            return listOf(new Edit(Kind.DELETE, a), new Edit(Kind.INSERT, b));
        }
        String[] half = halfMatch(a, b);
        if (half != null) {
            List<Edit> edits = diffMain(half[0], half[2], false);
            edits.add(new Edit(Kind.EQUAL, half[4]));
            edits.addAll(diffMain(half[1], half[3], false));
            return edits;
        }
        return bisect(a, b);
    }

    /** Myers' middle snake: splits where the forward and the reverse search first overlap. */
    private static List<Edit> bisect(String a, String b) {
        int n = a.length();
        int m = b.length();
        int maxD = (n + m + 1) / 2;
        int offset = maxD;
        int[] forward = new int[2 * maxD];
        int[] reverse = new int[2 * maxD];
        Arrays.fill(forward, -1);
        Arrays.fill(reverse, -1);
        forward[offset + 1] = 0;
        reverse[offset + 1] = 0;
        int delta = n - m;
        boolean forwardMeets = delta % 2 != 0; // with an odd total it is the forward search that meets the reverse one
        // Diagonals that ran off the edit graph are trimmed so they are not walked again.
        int fStart = 0;
        int fEnd = 0;
        int rStart = 0;
        int rEnd = 0;
        for (int d = 0; d < maxD; d++) {
            for (int k = -d + fStart; k <= d - fEnd; k += 2) {
                int ki = offset + k;
                int x = k == -d || (k != d && forward[ki - 1] < forward[ki + 1]) ? forward[ki + 1] : forward[ki - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.charAt(x) == b.charAt(y)) {
                    x++;
                    y++;
                }
                forward[ki] = x;
                if (x > n) {
                    fEnd += 2;
                } else if (y > m) {
                    fStart += 2;
                } else if (forwardMeets) {
                    int ri = offset + delta - k;
                    if (ri >= 0 && ri < reverse.length && reverse[ri] != -1 && x >= n - reverse[ri]) {
                        return bisectSplit(a, b, x, y);
                    }
                }
            }
            for (int k = -d + rStart; k <= d - rEnd; k += 2) {
                int ki = offset + k;
                int x = k == -d || (k != d && reverse[ki - 1] < reverse[ki + 1]) ? reverse[ki + 1] : reverse[ki - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.charAt(n - x - 1) == b.charAt(m - y - 1)) {
                    x++;
                    y++;
                }
                reverse[ki] = x;
                if (x > n) {
                    rEnd += 2;
                } else if (y > m) {
                    rStart += 2;
                } else if (!forwardMeets) {
                    int fi = offset + delta - k;
                    if (fi >= 0 && fi < forward.length && forward[fi] != -1 && forward[fi] >= n - x) {
                        return bisectSplit(a, b, forward[fi], offset + forward[fi] - fi);
                    }
                }
            }
        }
        return listOf(new Edit(Kind.DELETE, a), new Edit(Kind.INSERT, b)); // nothing in common at all
    }

    private static List<Edit> bisectSplit(String a, String b, int x, int y) {
        if ((x == 0 && y == 0) || (x == a.length() && y == b.length())) {
            // The surrogate-aware prefix/suffix trim hands the very same pair back here and fast-diff recurses until
            // its stack overflows; in practice only texts with unpaired surrogates get here.
            throw unpairedSurrogates();
        }
        List<Edit> edits = diffMain(a.substring(0, x), b.substring(0, y), false);
        edits.addAll(diffMain(a.substring(x), b.substring(y), false));
        return edits;
    }

    /** Common prefix length, one less if it would end inside a surrogate pair (fast-diff does this everywhere). */
    static int commonPrefix(String a, String b) {
        int limit = Math.min(a.length(), b.length());
        int i = 0;
        while (i < limit && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i > 0 && Character.isHighSurrogate(a.charAt(i - 1)) ? i - 1 : i;
    }

    /** Common suffix length, one less if it would start inside a surrogate pair. */
    static int commonSuffix(String a, String b) {
        int limit = Math.min(a.length(), b.length());
        int i = 0;
        while (i < limit && a.charAt(a.length() - 1 - i) == b.charAt(b.length() - 1 - i)) {
            i++;
        }
        return i > 0 && Character.isLowSurrogate(a.charAt(a.length() - i)) ? i - 1 : i;
    }

    /** Longest suffix of {@code a} that is a prefix of {@code b}; blind to surrogate pairs, as in fast-diff. */
    static int commonOverlap(String a, String b) {
        int n = Math.min(a.length(), b.length());
        a = a.substring(a.length() - n);
        b = b.substring(0, n);
        if (a.equals(b)) {
            return n;
        }
        // Grow a candidate suffix, jumping ahead to wherever it next occurs in b.
        int best = 0;
        int length = 1;
        while (true) {
            int found = b.indexOf(a.substring(n - length));
            if (found == -1) {
                return best;
            }
            length += found;
            if (found == 0 || a.regionMatches(n - length, b, 0, length)) {
                best = length;
                length++;
            }
        }
    }

    /**
     * A substring of both texts at least half as long as the longer one, as {a-prefix, a-suffix, b-prefix, b-suffix,
     * common}, or null. It trades minimality for speed, which is exactly why it must be reproduced.
     */
    private static String[] halfMatch(String a, String b) {
        boolean aLonger = a.length() > b.length();
        String longer = aLonger ? a : b;
        String shorter = aLonger ? b : a;
        if (longer.length() < 4 || shorter.length() * 2 < longer.length()) {
            return null;
        }
        // Seeds start at the second and at the third quarter of the longer text.
        String[] second = halfMatchAt(longer, shorter, (longer.length() + 3) / 4);
        String[] third = halfMatchAt(longer, shorter, (longer.length() + 1) / 2);
        String[] best = third == null || (second != null && second[4].length() > third[4].length()) ? second : third;
        return best == null || aLonger ? best : new String[] {best[2], best[3], best[0], best[1], best[4]};
    }

    private static String[] halfMatchAt(String longer, String shorter, int i) {
        String seed = longer.substring(i, i + longer.length() / 4);
        String[] best = null;
        int bestLength = 0;
        for (int j = shorter.indexOf(seed); j != -1; j = shorter.indexOf(seed, j + 1)) {
            int prefix = commonPrefix(longer.substring(i), shorter.substring(j));
            int suffix = commonSuffix(longer.substring(0, i), shorter.substring(0, j));
            if (bestLength < prefix + suffix) {
                bestLength = prefix + suffix;
                best = new String[] {longer.substring(0, i - suffix), longer.substring(i + prefix),
                    shorter.substring(0, j - suffix), shorter.substring(j + prefix),
                    shorter.substring(j - suffix, j + prefix)};
            }
        }
        return bestLength * 2 >= longer.length() ? best : null;
    }

    /**
     * Merges runs of like edits, moving the common affixes of a run's deletion and insertion into the neighbouring
     * equalities; then slides lone edits over a neighbouring equality where that swallows it, until nothing moves.
     */
    private static void cleanupMerge(List<Edit> edits, boolean fixUnicode) {
        Set<List<Edit>> seen = new HashSet<>();
        while (true) {
            mergeRuns(edits, fixUnicode);
            if (!slideSingleEdits(edits)) {
                return;
            }
            // With unpaired surrogates the pair repair and the slide can undo each other forever, which overflows
            // fast-diff's stack; a repeated state means we would loop forever too.
            if (!seen.add(List.copyOf(edits))) {
                throw unpairedSurrogates();
            }
        }
    }

    /**
     * With {@code fixUnicode}, a surrogate pair straddling the boundary of an equality is moved into the edits on both
     * sides, so that no edit starts or ends inside a pair.
     */
    private static void mergeRuns(List<Edit> edits, boolean fixUnicode) {
        edits.add(new Edit(Kind.EQUAL, "")); // sentinel that flushes the last run
        int pointer = 0;
        int runLength = 0;
        String deleted = "";
        String inserted = "";
        while (pointer < edits.size()) {
            Edit current = edits.get(pointer);
            if (pointer < edits.size() - 1 && current.text().isEmpty()) {
                edits.remove(pointer);
                continue;
            }
            if (current.kind() != Kind.EQUAL) {
                runLength++;
                if (current.kind() == Kind.INSERT) {
                    inserted += current.text();
                } else {
                    deleted += current.text();
                }
                pointer++;
                continue;
            }

            int previousEqual = pointer - runLength - 1;
            if (fixUnicode) {
                String text = previousEqual >= 0 ? edits.get(previousEqual).text() : "";
                if (!text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
                    String stray = text.substring(text.length() - 1);
                    deleted = stray + deleted;
                    inserted = stray + inserted;
                    if (text.length() > 1) {
                        setText(edits, previousEqual, text.substring(0, text.length() - 1));
                    } else { // the equality vanished, so the edits before it join this run
                        edits.remove(previousEqual);
                        pointer--;
                        int k = previousEqual - 1;
                        if (k >= 0 && edits.get(k).kind() == Kind.INSERT) {
                            runLength++;
                            inserted = edits.get(k--).text() + inserted;
                        }
                        if (k >= 0 && edits.get(k).kind() == Kind.DELETE) {
                            runLength++;
                            deleted = edits.get(k--).text() + deleted;
                        }
                        previousEqual = k;
                    }
                }
                text = edits.get(pointer).text();
                if (!text.isEmpty() && Character.isLowSurrogate(text.charAt(0))) {
                    setText(edits, pointer, text.substring(1));
                    deleted += text.charAt(0);
                    inserted += text.charAt(0);
                }
            }
            if (pointer < edits.size() - 1 && edits.get(pointer).text().isEmpty()) {
                edits.remove(pointer); // an emptied equality no longer separates runs: keep accumulating
                continue;
            }

            if (!deleted.isEmpty() && !inserted.isEmpty()) {
                int common = commonPrefix(inserted, deleted);
                if (common != 0) {
                    String shared = inserted.substring(0, common);
                    if (previousEqual >= 0) {
                        setText(edits, previousEqual, edits.get(previousEqual).text() + shared);
                    } else {
                        edits.add(0, new Edit(Kind.EQUAL, shared));
                        pointer++;
                    }
                    inserted = inserted.substring(common);
                    deleted = deleted.substring(common);
                }
                common = commonSuffix(inserted, deleted);
                if (common != 0) {
                    setText(edits, pointer, inserted.substring(inserted.length() - common) + edits.get(pointer).text());
                    inserted = inserted.substring(0, inserted.length() - common);
                    deleted = deleted.substring(0, deleted.length() - common);
                }
            }
            if (runLength > 0) {
                List<Edit> run = edits.subList(pointer - runLength, pointer);
                run.clear();
                if (!deleted.isEmpty()) {
                    run.add(new Edit(Kind.DELETE, deleted));
                }
                if (!inserted.isEmpty()) {
                    run.add(new Edit(Kind.INSERT, inserted));
                }
                pointer = pointer - runLength + run.size();
            }
            if (pointer != 0 && edits.get(pointer - 1).kind() == Kind.EQUAL) {
                setText(edits, pointer - 1, edits.get(pointer - 1).text() + edits.remove(pointer).text());
            } else {
                pointer++;
            }
            runLength = 0;
            deleted = "";
            inserted = "";
        }
        if (!edits.isEmpty() && edits.get(edits.size() - 1).text().isEmpty()) {
            edits.remove(edits.size() - 1);
        }
    }

    /** Turns A&lt;ins&gt;BA&lt;/ins&gt;C into &lt;ins&gt;AB&lt;/ins&gt;AC, and symmetrically. */
    private static boolean slideSingleEdits(List<Edit> edits) {
        boolean changed = false;
        for (int p = 1; p < edits.size() - 1; p++) {
            if (edits.get(p - 1).kind() != Kind.EQUAL || edits.get(p + 1).kind() != Kind.EQUAL) {
                continue;
            }
            String before = edits.get(p - 1).text();
            String text = edits.get(p).text();
            String after = edits.get(p + 1).text();
            if (text.endsWith(before)) {
                setText(edits, p, before + text.substring(0, text.length() - before.length()));
                setText(edits, p + 1, before + after);
                edits.remove(p - 1);
                changed = true;
            } else if (text.startsWith(after)) {
                setText(edits, p - 1, before + after);
                setText(edits, p, text.substring(after.length()) + after);
                edits.remove(p + 1);
                changed = true;
            }
        }
        return changed;
    }

    /**
     * Turns equalities no longer than the edits on both sides into deletion plus insertion, aligns edits to word and
     * line boundaries, and splits out overlaps between a deletion and the insertion after it.
     */
    private static void cleanupSemantic(List<Edit> edits) {
        boolean changed = false;
        // fast-diff keeps this stack as an array plus a length that may drop below zero, after which the bottom
        // entries are forgotten; mirroring that makes the rescans restart where fast-diff's do.
        List<Integer> equalities = new ArrayList<>();
        int depth = 0;
        int lastEqualityAt = -1;
        String lastEquality = null;
        int insertedBefore = 0;
        int deletedBefore = 0;
        int insertedAfter = 0;
        int deletedAfter = 0;
        for (int pointer = 0; pointer < edits.size(); pointer++) {
            Edit edit = edits.get(pointer);
            if (edit.kind() == Kind.EQUAL) {
                if (depth >= 0 && depth < equalities.size()) {
                    equalities.set(depth, pointer);
                } else if (depth >= 0) {
                    equalities.add(pointer);
                }
                depth++;
                lastEqualityAt = pointer;
                lastEquality = edit.text();
                insertedBefore = insertedAfter;
                deletedBefore = deletedAfter;
                insertedAfter = 0;
                deletedAfter = 0;
                continue;
            }
            if (edit.kind() == Kind.INSERT) {
                insertedAfter += edit.text().length();
            } else {
                deletedAfter += edit.text().length();
            }
            if (lastEquality != null && !lastEquality.isEmpty()
                    && lastEquality.length() <= Math.max(insertedBefore, deletedBefore)
                    && lastEquality.length() <= Math.max(insertedAfter, deletedAfter)) {
                edits.add(lastEqualityAt, new Edit(Kind.DELETE, lastEquality));
                edits.set(lastEqualityAt + 1, new Edit(Kind.INSERT, lastEquality));
                depth -= 2; // drop this equality and the one before it, which must be re-evaluated
                pointer = depth > 0 ? equalities.get(depth - 1) : -1;
                insertedBefore = deletedBefore = insertedAfter = deletedAfter = 0;
                lastEquality = null;
                changed = true;
            }
        }
        if (changed) {
            cleanupMerge(edits, false);
        }
        cleanupSemanticLossless(edits);
        extractOverlaps(edits);
    }

    /**
     * &lt;del&gt;abcxxx&lt;/del&gt;&lt;ins&gt;xxxdef&lt;/ins&gt; becomes abc deleted, xxx kept, def inserted (with the
     * overlap the other way round the insertion comes first), if the overlap is at least half of either edit.
     */
    private static void extractOverlaps(List<Edit> edits) {
        for (int p = 1; p < edits.size(); p++) {
            if (edits.get(p - 1).kind() != Kind.DELETE || edits.get(p).kind() != Kind.INSERT) {
                continue;
            }
            String deletion = edits.get(p - 1).text();
            String insertion = edits.get(p).text();
            int forward = commonOverlap(deletion, insertion);
            int backward = commonOverlap(insertion, deletion);
            if (forward >= backward) {
                if (2 * forward >= deletion.length() || 2 * forward >= insertion.length()) {
                    edits.set(p - 1, new Edit(Kind.DELETE, deletion.substring(0, deletion.length() - forward)));
                    edits.set(p, new Edit(Kind.EQUAL, insertion.substring(0, forward)));
                    edits.add(p + 1, new Edit(Kind.INSERT, insertion.substring(forward)));
                    p++;
                }
            } else if (2 * backward >= deletion.length() || 2 * backward >= insertion.length()) {
                edits.set(p - 1, new Edit(Kind.INSERT, insertion.substring(0, insertion.length() - backward)));
                edits.set(p, new Edit(Kind.EQUAL, deletion.substring(0, backward)));
                edits.add(p + 1, new Edit(Kind.DELETE, deletion.substring(backward)));
                p++;
            }
            p++;
        }
    }

    /** Slides each edit between equalities to where its ends score best: "The c[at c]ame." to "The [cat ]came.". */
    private static void cleanupSemanticLossless(List<Edit> edits) {
        for (int p = 1; p < edits.size() - 1; p++) {
            if (edits.get(p - 1).kind() != Kind.EQUAL || edits.get(p + 1).kind() != Kind.EQUAL) {
                continue;
            }
            String original1 = edits.get(p - 1).text();
            String equal1 = original1;
            String edit = edits.get(p).text();
            String equal2 = edits.get(p + 1).text();
            // Start from the leftmost position the edit can take...
            int shift = commonSuffix(equal1, edit);
            if (shift != 0) {
                String common = edit.substring(edit.length() - shift);
                equal1 = equal1.substring(0, equal1.length() - shift);
                edit = common + edit.substring(0, edit.length() - shift);
                equal2 = common + equal2;
            }
            // ...then walk right a code unit at a time; ">=" keeps the rightmost of equal scores, which puts
            // whitespace at the end of edits.
            String best1 = equal1;
            String bestEdit = edit;
            String best2 = equal2;
            int bestScore = boundaryScore(equal1, edit) + boundaryScore(edit, equal2);
            while (!edit.isEmpty() && !equal2.isEmpty() && edit.charAt(0) == equal2.charAt(0)) {
                equal1 += edit.charAt(0);
                edit = edit.substring(1) + equal2.charAt(0);
                equal2 = equal2.substring(1);
                int score = boundaryScore(equal1, edit) + boundaryScore(edit, equal2);
                if (score >= bestScore) {
                    bestScore = score;
                    best1 = equal1;
                    bestEdit = edit;
                    best2 = equal2;
                }
            }
            if (!original1.equals(best1)) {
                if (!best1.isEmpty()) {
                    setText(edits, p - 1, best1);
                } else {
                    edits.remove(--p);
                }
                setText(edits, p, bestEdit);
                if (!best2.isEmpty()) {
                    setText(edits, p + 1, best2);
                } else {
                    edits.remove(p-- + 1);
                }
            }
        }
    }

    /**
     * How natural a boundary between {@code one} and {@code two} is, from 6 (edge of the text) down to 0 (inside a
     * word). The character classes are those of fast-diff's JavaScript regexes, not Java's.
     */
    private static int boundaryScore(String one, String two) {
        if (one.isEmpty() || two.isEmpty()) {
            return 6;
        }
        char c1 = one.charAt(one.length() - 1);
        char c2 = two.charAt(0);
        boolean nonAlphanumeric1 = !isAsciiAlphanumeric(c1);
        boolean nonAlphanumeric2 = !isAsciiAlphanumeric(c2);
        boolean whitespace1 = nonAlphanumeric1 && isJsWhitespace(c1);
        boolean whitespace2 = nonAlphanumeric2 && isJsWhitespace(c2);
        boolean lineBreak1 = whitespace1 && (c1 == '\r' || c1 == '\n');
        boolean lineBreak2 = whitespace2 && (c2 == '\r' || c2 == '\n');
        // /\n\r?\n$/ and /^\r?\n\r?\n/; a JS "$" (unlike Java's) matches only at the very end.
        boolean blankLine1 = lineBreak1 && (one.endsWith("\n\n") || one.endsWith("\n\r\n"));
        boolean blankLine2 = lineBreak2 && (two.startsWith("\n\n") || two.startsWith("\n\r\n")
                || two.startsWith("\r\n\n") || two.startsWith("\r\n\r\n"));
        if (blankLine1 || blankLine2) {
            return 5;
        } else if (lineBreak1 || lineBreak2) {
            return 4;
        } else if (nonAlphanumeric1 && !whitespace1 && whitespace2) {
            return 3; // end of a sentence
        } else if (whitespace1 || whitespace2) {
            return 2;
        } else if (nonAlphanumeric1 || nonAlphanumeric2) {
            return 1;
        }
        return 0;
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** JavaScript's {@code /\s/}: WhiteSpace and LineTerminator, so NBSP and BOM too but not U+180E. */
    static boolean isJsWhitespace(char c) {
        return switch (c) {
            case '\t', '\n', '\u000b', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2028', '\u2029', '\u202f', '\u205f',
                    '\u3000', '\ufeff' -> true;
            default -> c >= '\u2000' && c <= '\u200a';
        };
    }

    private static IllegalArgumentException unpairedSurrogates() {
        return new IllegalArgumentException("text with unpaired surrogates that fast-diff cannot diff (stack overflow)");
    }

    private static void setText(List<Edit> edits, int index, String text) {
        edits.set(index, new Edit(edits.get(index).kind(), text));
    }

    private static List<Edit> listOf(Edit... edits) {
        return new ArrayList<>(Arrays.asList(edits));
    }
}
