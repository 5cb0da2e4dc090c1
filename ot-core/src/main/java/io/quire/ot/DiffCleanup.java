package io.quire.ot;

import io.quire.ot.TextDiff.Edit;
import io.quire.ot.TextDiff.Kind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The clean-up passes of {@link TextDiff}, as fast-diff 1.3.0 runs them: merging runs of like edits (and
 * repairing split surrogate pairs), then the semantic clean-up that trades a few extra characters for edits
 * a person would make, aligned to word and line boundaries. Every pass works in place on an edit list.
 */
final class DiffCleanup {
    private DiffCleanup() {
    }

    /**
     * Merges runs of like edits, moving the common affixes of a run's deletion and insertion into the neighbouring
     * equalities; then slides lone edits over a neighbouring equality where that swallows it, until nothing moves.
     */
    static void merge(List<Edit> edits, boolean fixUnicode) {
        Set<List<Edit>> seen = new HashSet<>();
        while (true) {
            mergeRuns(edits, fixUnicode);
            if (!slideSingleEdits(edits)) {
                return;
            }
            // With unpaired surrogates the pair repair and the slide can undo each other forever, which overflows
            // fast-diff's stack; a repeated state means we would loop forever too.
            if (!seen.add(List.copyOf(edits))) {
                throw TextDiff.unpairedSurrogates();
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
                        TextDiff.setText(edits, previousEqual, text.substring(0, text.length() - 1));
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
                    TextDiff.setText(edits, pointer, text.substring(1));
                    deleted += text.charAt(0);
                    inserted += text.charAt(0);
                }
            }
            if (pointer < edits.size() - 1 && edits.get(pointer).text().isEmpty()) {
                edits.remove(pointer); // an emptied equality no longer separates runs: keep accumulating
                continue;
            }

            if (!deleted.isEmpty() && !inserted.isEmpty()) {
                int common = TextDiff.commonPrefix(inserted, deleted);
                if (common != 0) {
                    String shared = inserted.substring(0, common);
                    if (previousEqual >= 0) {
                        TextDiff.setText(edits, previousEqual, edits.get(previousEqual).text() + shared);
                    } else {
                        edits.add(0, new Edit(Kind.EQUAL, shared));
                        pointer++;
                    }
                    inserted = inserted.substring(common);
                    deleted = deleted.substring(common);
                }
                common = TextDiff.commonSuffix(inserted, deleted);
                if (common != 0) {
                    TextDiff.setText(edits, pointer, inserted.substring(inserted.length() - common) + edits.get(pointer).text());
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
                TextDiff.setText(edits, pointer - 1, edits.get(pointer - 1).text() + edits.remove(pointer).text());
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
                TextDiff.setText(edits, p, before + text.substring(0, text.length() - before.length()));
                TextDiff.setText(edits, p + 1, before + after);
                edits.remove(p - 1);
                changed = true;
            } else if (text.startsWith(after)) {
                TextDiff.setText(edits, p - 1, before + after);
                TextDiff.setText(edits, p, text.substring(after.length()) + after);
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
    static void semantic(List<Edit> edits) {
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
            merge(edits, false);
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
            int forward = TextDiff.commonOverlap(deletion, insertion);
            int backward = TextDiff.commonOverlap(insertion, deletion);
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
            int shift = TextDiff.commonSuffix(equal1, edit);
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
                    TextDiff.setText(edits, p - 1, best1);
                } else {
                    edits.remove(--p);
                }
                TextDiff.setText(edits, p, bestEdit);
                if (!best2.isEmpty()) {
                    TextDiff.setText(edits, p + 1, best2);
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
}
