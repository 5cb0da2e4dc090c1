package io.quire.ot;

import java.util.Arrays;

/**
 * One piece of a {@link DocumentRope}: up to a few thousand UTF-16 units of text and the runs of
 * formatting over them. Small enough that shifting its array on a keystroke is cheap.
 *
 * <p>Runs partition the chunk: run i covers {@code runLength[i]} units with formats {@code runAttributes[i]};
 * an embed is a run of length 1 with {@code runEmbed[i]} set (its slot in {@code text} holds U+FFFC).
 * Adjacent text runs with equal formats are kept merged, so plain typing only grows one run.
 */
final class RopeChunk {
    static final char EMBED_PLACEHOLDER = '\uFFFC';

    private char[] text;
    private int length;

    private int[] runLength = new int[4];
    private AttributeMap[] runAttributes = new AttributeMap[4];
    private Embed[] runEmbed = new Embed[4];
    private int runs;

    RopeChunk(int capacity) {
        text = new char[Math.max(16, capacity)];
    }

    int length() {
        return length;
    }

    /** Inserts text at {@code offset}; the caller makes sure it fits the chunk's intended size. */
    void insertText(int offset, String s, int from, int count, AttributeMap attributes) {
        openGap(offset, count);
        s.getChars(from, from + count, text, offset);
        insertRun(offset, count, attributes, null);
    }

    void insertEmbed(int offset, Embed embed, AttributeMap attributes) {
        openGap(offset, 1);
        text[offset] = EMBED_PLACEHOLDER;
        insertRun(offset, 1, attributes, embed);
    }

    /** Removes {@code count} units from {@code offset}. */
    void delete(int offset, int count) {
        System.arraycopy(text, offset + count, text, offset, length - offset - count);
        length -= count;
        int deleteEnd = offset + count;
        int start = 0;
        for (int i = 0; i < runs && start < deleteEnd; i++) {
            int end = start + runLength[i];
            int overlap = Math.min(end, deleteEnd) - Math.max(start, offset);
            if (overlap > 0) {
                runLength[i] -= overlap;
            }
            start = end;
        }
        normalizeRuns();
    }

    /** Composes {@code attributes} onto the formats of {@code [offset, offset + count)}. */
    void format(int offset, int count, AttributeMap attributes) {
        int first = splitRunAt(offset);
        int last = splitRunAt(offset + count);
        for (int i = first; i < last; i++) {
            runAttributes[i] = AttributeMap.compose(runAttributes[i], attributes, false);
        }
        normalizeRuns();
    }

    /** Moves everything from {@code offset} on into a new chunk, which is returned. */
    RopeChunk splitAt(int offset, int capacity) {
        RopeChunk right = new RopeChunk(capacity);
        int firstRight = splitRunAt(offset);
        int moved = length - offset;
        System.arraycopy(text, offset, right.text, 0, moved);
        right.length = moved;
        for (int i = firstRight; i < runs; i++) {
            right.addRun(right.runs, runLength[i], runAttributes[i], runEmbed[i]);
            runAttributes[i] = null;
            runEmbed[i] = null;
        }
        runs = firstRight;
        length = offset;
        return right;
    }

    /** Appends this chunk's content as insert ops. */
    void appendTo(DeltaBuilder builder) {
        int start = 0;
        for (int i = 0; i < runs; i++) {
            if (runEmbed[i] != null) {
                builder.insert(runEmbed[i], runAttributes[i]);
            } else {
                builder.insert(new String(text, start, runLength[i]), runAttributes[i]);
            }
            start += runLength[i];
        }
    }

    void appendText(StringBuilder out) {
        out.append(text, 0, length);
    }

    private void openGap(int offset, int count) {
        if (length + count > text.length) {
            text = Arrays.copyOf(text, Math.max(length + count, text.length * 2));
        }
        System.arraycopy(text, offset, text, offset + count, length - offset);
        length += count;
    }

    /** Records {@code count} new units at {@code offset} (already in {@code text}) in the runs. */
    private void insertRun(int offset, int count, AttributeMap attributes, Embed embed) {
        int i = 0;
        int start = 0;
        while (i < runs && start + runLength[i] < offset) {
            start += runLength[i];
            i++;
        }
        if (i == runs) {
            addRun(runs, count, attributes, embed);
            return;
        }
        int end = start + runLength[i];
        if (offset == start) {
            // At a run's start: offset 0, since a run ending at offset would have been taken first.
            if (embed == null && runEmbed[i] == null && sameFormats(runAttributes[i], attributes)) {
                runLength[i] += count;
            } else {
                addRun(i, count, attributes, embed);
            }
        } else if (offset == end) {
            if (embed == null && runEmbed[i] == null && sameFormats(runAttributes[i], attributes)) {
                runLength[i] += count;
            } else if (embed == null && i + 1 < runs && runEmbed[i + 1] == null
                    && sameFormats(runAttributes[i + 1], attributes)) {
                runLength[i + 1] += count;
            } else {
                addRun(i + 1, count, attributes, embed);
            }
        } else if (embed == null && sameFormats(runAttributes[i], attributes)) {
            runLength[i] += count;
        } else {
            // Inside a text run with other formats: split it around the new run.
            int before = offset - start;
            addRun(i + 1, runLength[i] - before, runAttributes[i], null);
            runLength[i] = before;
            addRun(i + 1, count, attributes, embed);
        }
    }

    /** Makes a run boundary at {@code offset} and returns the index of the run starting there. */
    private int splitRunAt(int offset) {
        int start = 0;
        for (int i = 0; i < runs; i++) {
            if (start == offset) {
                return i;
            }
            int end = start + runLength[i];
            if (offset < end) {
                addRun(i + 1, end - offset, runAttributes[i], runEmbed[i]);
                runLength[i] = offset - start;
                return i + 1;
            }
            start = end;
        }
        return runs;
    }

    /** Drops empty runs and merges neighbouring text runs with equal formats. */
    private void normalizeRuns() {
        int out = 0;
        for (int i = 0; i < runs; i++) {
            if (runLength[i] == 0) {
                continue;
            }
            if (out > 0 && runEmbed[i] == null && runEmbed[out - 1] == null
                    && sameFormats(runAttributes[out - 1], runAttributes[i])) {
                runLength[out - 1] += runLength[i];
                continue;
            }
            runLength[out] = runLength[i];
            runAttributes[out] = runAttributes[i];
            runEmbed[out] = runEmbed[i];
            out++;
        }
        for (int i = out; i < runs; i++) {
            runAttributes[i] = null;
            runEmbed[i] = null;
        }
        runs = out;
    }

    private void addRun(int index, int count, AttributeMap attributes, Embed embed) {
        if (runs == runLength.length) {
            int capacity = runs * 2;
            runLength = Arrays.copyOf(runLength, capacity);
            runAttributes = Arrays.copyOf(runAttributes, capacity);
            runEmbed = Arrays.copyOf(runEmbed, capacity);
        }
        int tail = runs - index;
        System.arraycopy(runLength, index, runLength, index + 1, tail);
        System.arraycopy(runAttributes, index, runAttributes, index + 1, tail);
        System.arraycopy(runEmbed, index, runEmbed, index + 1, tail);
        runLength[index] = count;
        runAttributes[index] = attributes;
        runEmbed[index] = embed;
        runs++;
    }

    private static boolean sameFormats(AttributeMap a, AttributeMap b) {
        return a == b || a.equals(b);
    }
}
