package io.quire.ot;

import java.util.Arrays;

/**
 * Up to {@code maxRuns} (+2 while an insert overflows it) runs: run r is {@code lengths[r]} units by
 * {@code authors[r]}. Neighbouring runs always have different authors.
 */
final class AuthorshipChunk {
    String[] authors;
    int[] lengths;
    int runs;
    int units;

    AuthorshipChunk(int capacity) {
        authors = new String[capacity];
        lengths = new int[capacity];
    }

    AuthorshipChunk copy() {
        AuthorshipChunk copy = new AuthorshipChunk(0);
        copy.authors = authors.clone();
        copy.lengths = lengths.clone();
        copy.runs = runs;
        copy.units = units;
        return copy;
    }

    String firstAuthor() {
        return authors[0];
    }

    String lastAuthor() {
        return authors[runs - 1];
    }

    /** Adds {@code n} units by {@code author} at the end, extending the last run if it is the author's. */
    void append(String author, int n) {
        if (runs > 0 && Authorship.same(authors[runs - 1], author)) {
            lengths[runs - 1] += n;
        } else {
            addRun(runs, author, n);
        }
        units += n;
    }

    void appendAll(AuthorshipChunk next) {
        for (int r = 0; r < next.runs; r++) {
            append(next.authors[r], next.lengths[r]);
        }
    }

    /** Inserts {@code n} units by {@code author} at {@code offset} (0..units), adding at most two runs. */
    void insert(int offset, int n, String author) {
        // The first run that ends at or after offset: at its end, offset is a boundary between runs.
        int r = 0;
        int start = 0;
        while (start + lengths[r] < offset) {
            start += lengths[r];
            r++;
        }
        int end = start + lengths[r];
        if (Authorship.same(authors[r], author)) {
            lengths[r] += n;
        } else if (offset == end) {
            if (r + 1 < runs && Authorship.same(authors[r + 1], author)) {
                lengths[r + 1] += n;
            } else {
                addRun(r + 1, author, n);
            }
        } else if (offset == start) {
            // Only at offset 0: any other run start is the end of the run before, taken above.
            addRun(r, author, n);
        } else {
            // Inside another author's run: cut it around the new one.
            addRun(r + 1, authors[r], end - offset);
            lengths[r] = offset - start;
            addRun(r + 1, author, n);
        }
        units += n;
    }

    /** Removes {@code n} units from {@code offset}; {@code offset + n} must not pass the end. */
    void delete(int offset, int n) {
        int r = 0;
        int start = 0;
        while (start + lengths[r] <= offset) {
            start += lengths[r];
            r++;
        }
        int firstTouched = r;
        int skip = offset - start;
        units -= n;
        while (n > 0) {
            int cut = Math.min(n, lengths[r] - skip);
            lengths[r] -= cut;
            n -= cut;
            skip = 0;
            r++;
        }
        compact(firstTouched, r);
    }

    /**
     * Drops the runs emptied in [from, to) and joins neighbours of the same author that the cut brought
     * together. Only the runs from {@code from - 1} to {@code to} can be affected: the rest was canonical.
     */
    private void compact(int from, int to) {
        int low = Math.max(0, from - 1);
        int high = Math.min(runs, to + 1);
        int out = low;
        for (int r = low; r < high; r++) {
            if (lengths[r] == 0) {
                continue;
            }
            if (out > low && Authorship.same(authors[out - 1], authors[r])) {
                lengths[out - 1] += lengths[r];
                continue;
            }
            authors[out] = authors[r];
            lengths[out] = lengths[r];
            out++;
        }
        int removed = high - out;
        if (removed > 0) {
            System.arraycopy(authors, high, authors, out, runs - high);
            System.arraycopy(lengths, high, lengths, out, runs - high);
            Arrays.fill(authors, runs - removed, runs, null);
            runs -= removed;
        }
    }

    /** Moves the runs from {@code firstRun} on into a new chunk, which is returned. */
    AuthorshipChunk splitOff(int firstRun) {
        int moved = runs - firstRun;
        AuthorshipChunk right = new AuthorshipChunk(Math.max(Authorship.INITIAL_CAPACITY, authors.length));
        System.arraycopy(authors, firstRun, right.authors, 0, moved);
        System.arraycopy(lengths, firstRun, right.lengths, 0, moved);
        right.runs = moved;
        for (int r = 0; r < moved; r++) {
            right.units += right.lengths[r];
        }
        Arrays.fill(authors, firstRun, runs, null);
        runs = firstRun;
        units -= right.units;
        return right;
    }

    private void addRun(int index, String author, int n) {
        if (runs == authors.length) {
            int capacity = Math.max(Authorship.INITIAL_CAPACITY, runs * 2);
            authors = Arrays.copyOf(authors, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
        }
        System.arraycopy(authors, index, authors, index + 1, runs - index);
        System.arraycopy(lengths, index, lengths, index + 1, runs - index);
        authors[index] = author;
        lengths[index] = n;
        runs++;
    }
}
