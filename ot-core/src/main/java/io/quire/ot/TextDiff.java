package io.quire.ot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        DiffCleanup.semantic(edits);
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
        DiffCleanup.merge(edits, fixUnicode);
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


    static IllegalArgumentException unpairedSurrogates() {
        return new IllegalArgumentException("text with unpaired surrogates that fast-diff cannot diff (stack overflow)");
    }

    static void setText(List<Edit> edits, int index, String text) {
        edits.set(index, new Edit(edits.get(index).kind(), text));
    }

    static List<Edit> listOf(Edit... edits) {
        return new ArrayList<>(Arrays.asList(edits));
    }
}
