package io.quire.ot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who inserted each UTF-16 unit of a document (an embed counts 1), kept as runs of one author, and
 * updated by the same changes as the document: a retain keeps its units' authors (formatting does not
 * change authorship), an insert belongs to the change's author, a delete removes units.
 *
 * <p>It is updated on every committed keystroke of chapters that may hold tens of thousands of runs,
 * so the runs live in chunks of at most {@value #DEFAULT_MAX_RUNS}, each knowing how many units it
 * covers: an edit shifts the arrays of one chunk only and finds its chunk by walking chunk totals from
 * the chunk used last (constant time for typing near the previous edit, as in {@link DocumentRope}).
 * A chunk that overflows splits in half; one that falls below a quarter full after a delete merges
 * with a neighbour, so the number of chunks stays proportional to the number of runs.
 *
 * <p>Within a chunk adjacent runs always have different authors; two chunks may meet on runs of the
 * same author, which {@link #runs()} joins, so the public view is canonical.
 *
 * <p>Mutable and not thread-safe: the document's sequencer is its single writer.
 */
public final class Authorship {
    /** Largest chunk, in runs, by default: small enough that shifting a chunk's arrays costs next to nothing. */
    static final int DEFAULT_MAX_RUNS = 64;

    static final int INITIAL_CAPACITY = 8;

    private final int maxRuns;
    /** A chunk with fewer runs than this after a delete merges with a neighbour. */
    private final int minRuns;

    private AuthorshipChunk[] chunks = new AuthorshipChunk[4];
    private int count;
    private int length;

    // The chunk the last edit touched, and the position where it starts: where the next search begins.
    // Invariant: hintStart is the number of units in the chunks before hintIndex; both 0 when empty.
    private int hintIndex;
    private int hintStart;

    /** An empty document's authorship. */
    public Authorship() {
        this(DEFAULT_MAX_RUNS);
    }

    /** Tests use tiny chunks so that every edit crosses chunk boundaries. */
    Authorship(int maxRuns) {
        if (maxRuns < 4) {
            throw new IllegalArgumentException("chunks hold at least 4 runs, got " + maxRuns);
        }
        this.maxRuns = maxRuns;
        this.minRuns = maxRuns / 4;
    }

    /** The authorship described by {@code runs}, in document order; equal neighbours are joined. */
    public static Authorship of(List<AuthorRun> runs) {
        return of(runs, DEFAULT_MAX_RUNS);
    }

    static Authorship of(List<AuthorRun> runs, int maxRuns) {
        Authorship authorship = new Authorship(maxRuns);
        for (AuthorRun run : runs) {
            authorship.append(run.author(), run.length());
        }
        authorship.rebalanceLast();
        return authorship;
    }

    /** A document of {@code length} units all credited to {@code author}: e.g. text from before authorship was kept. */
    public static Authorship unknown(int length, String author) {
        Objects.requireNonNull(author, "author must not be null");
        if (length < 0) {
            throw new IllegalArgumentException("length is " + length + " (expected: >= 0)");
        }
        return length == 0 ? new Authorship() : of(List.of(new AuthorRun(author, length)));
    }

    /**
     * Updates the authorship for {@code change}, made by {@code author}. The change may end before the
     * document does (the rest is kept), as in quill-delta.
     *
     * @throws InvalidDeltaException if the change retains or deletes past the end, naming the op and the
     *                               length expected; nothing is changed then
     */
    public void apply(Delta change, String author) {
        Objects.requireNonNull(change, "change must not be null");
        Objects.requireNonNull(author, "author must not be null");
        // Check the whole change first, so that a change that does not fit leaves no half-applied trace.
        Delta.checkFits(change, length);
        int position = 0;
        for (Op op : change.opArray()) {
            if (op instanceof Op.Insert) {
                insert(position, op.length(), author);
                position += op.length();
            } else if (op instanceof Op.Retain) {
                position += op.length();
            } else {
                delete(position, op.length());
            }
        }
    }

    /** The document's length in UTF-16 units. */
    public int length() {
        return length;
    }

    /** The runs in document order, canonical: no two neighbours with the same author. */
    public List<AuthorRun> runs() {
        List<AuthorRun> runs = new ArrayList<>();
        String pendingAuthor = null;
        int pendingLength = 0;
        for (int c = 0; c < count; c++) {
            AuthorshipChunk chunk = chunks[c];
            for (int r = 0; r < chunk.runs; r++) {
                if (pendingAuthor != null && same(pendingAuthor, chunk.authors[r])) {
                    // Two chunks meeting on the same author: one run to the outside.
                    pendingLength += chunk.lengths[r];
                    continue;
                }
                if (pendingAuthor != null) {
                    runs.add(new AuthorRun(pendingAuthor, pendingLength));
                }
                pendingAuthor = chunk.authors[r];
                pendingLength = chunk.lengths[r];
            }
        }
        if (pendingAuthor != null) {
            runs.add(new AuthorRun(pendingAuthor, pendingLength));
        }
        return Collections.unmodifiableList(runs);
    }

    /** An independent copy: changes to either do not show in the other. */
    public Authorship copy() {
        Authorship copy = new Authorship(maxRuns);
        copy.chunks = new AuthorshipChunk[Math.max(4, count)];
        for (int c = 0; c < count; c++) {
            copy.chunks[c] = chunks[c].copy();
        }
        copy.count = count;
        copy.length = length;
        copy.hintIndex = hintIndex;
        copy.hintStart = hintStart;
        return copy;
    }

    /** Units present per author, in the order the authors first appear in the document. */
    public Map<String, Long> unitsByAuthor() {
        Map<String, Long> units = new LinkedHashMap<>();
        for (int c = 0; c < count; c++) {
            AuthorshipChunk chunk = chunks[c];
            for (int r = 0; r < chunk.runs; r++) {
                units.merge(chunk.authors[r], (long) chunk.lengths[r], Long::sum);
            }
        }
        return Collections.unmodifiableMap(units);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Authorship other && length == other.length && runs().equals(other.runs()));
    }

    @Override
    public int hashCode() {
        return runs().hashCode();
    }

    /** For example {@code Authorship[ann 5, bob 3]}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Authorship[");
        List<AuthorRun> runs = runs();
        for (int i = 0; i < runs.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(runs.get(i).author()).append(' ').append(runs.get(i).length());
        }
        return out.append(']').toString();
    }

    /** How many chunks hold the runs; for tests that must cross chunk boundaries. */
    int chunkCount() {
        return count;
    }

    /** Throws unless the internal bookkeeping is consistent; the property tests call it after each step. */
    void checkInvariants() {
        long total = 0;
        for (int c = 0; c < count; c++) {
            AuthorshipChunk chunk = chunks[c];
            if (c == hintIndex && total != hintStart) {
                throw new IllegalStateException("hint start " + hintStart + " but chunk " + c + " starts at " + total);
            }
            if (chunk.runs == 0 || chunk.runs > maxRuns) {
                throw new IllegalStateException("chunk " + c + " holds " + chunk.runs + " runs (max " + maxRuns + ")");
            }
            if (count > 1 && chunk.runs < minRuns) {
                throw new IllegalStateException("chunk " + c + " holds " + chunk.runs + " runs (min " + minRuns + ")");
            }
            long units = 0;
            for (int r = 0; r < chunk.runs; r++) {
                if (chunk.lengths[r] <= 0 || chunk.authors[r] == null) {
                    throw new IllegalStateException("chunk " + c + " run " + r + " is empty or has no author");
                }
                if (r > 0 && same(chunk.authors[r - 1], chunk.authors[r])) {
                    throw new IllegalStateException("chunk " + c + " runs " + (r - 1) + " and " + r + " have the same author");
                }
                units += chunk.lengths[r];
            }
            if (units != chunk.units) {
                throw new IllegalStateException("chunk " + c + " counts " + chunk.units + " units but holds " + units);
            }
            total += units;
        }
        if (total != length || (count == 0 ? hintIndex != 0 || hintStart != 0 : hintIndex >= count)) {
            throw new IllegalStateException("length " + length + ", units " + total + ", hint " + hintIndex + "/" + count);
        }
    }

    // ---- editing ------------------------------------------------------------------------------

    private void insert(int position, int n, String author) {
        if (count == 0) {
            AuthorshipChunk first = new AuthorshipChunk(INITIAL_CAPACITY);
            first.append(author, n);
            placeChunk(0, first);
            resetHint();
        } else {
            int index = chunkForInsert(position, author);
            AuthorshipChunk chunk = chunks[index];
            chunk.insert(position - hintStart, n, author);
            if (chunk.runs > maxRuns) {
                split(index);
            }
        }
        length += n;
    }

    private void delete(int position, int n) {
        int first = chunkContaining(position);
        int index = first;
        int offset = position - hintStart;
        while (n > 0) {
            AuthorshipChunk chunk = chunks[index];
            int cut = Math.min(n, chunk.units - offset);
            chunk.delete(offset, cut);
            n -= cut;
            length -= cut;
            if (chunk.units == 0) {
                // Nothing before it changed, so the hint (at most on this chunk) keeps its start.
                removeChunk(index);
            } else {
                index++;
            }
            offset = 0;
        }
        if (hintIndex >= count) {
            resetHint();
        }
        // Only the chunks at the two ends of the cut, [first, index), lost runs; each may now be nearly empty.
        // Rebalancing the second may already swallow the first (and its left neighbour): hence the clamp.
        for (int c = index - 1; c >= first; c--) {
            rebalance(Math.min(c, count - 1));
        }
    }

    /** Appends a run at the end, as {@link #of} builds; chunks are filled half, leaving room to type. */
    private void append(String author, int n) {
        if (n > Integer.MAX_VALUE - length) {
            throw new IllegalArgumentException("runs add up to more than " + Integer.MAX_VALUE + " units");
        }
        AuthorshipChunk last = count == 0 ? null : chunks[count - 1];
        if (last == null || (last.runs >= maxRuns / 2 && !same(last.lastAuthor(), author))) {
            last = new AuthorshipChunk(maxRuns);
            placeChunk(count, last);
        }
        last.append(author, n);
        length += n;
    }

    /** After {@link #of}: the last chunk may hold only the leftover runs. */
    private void rebalanceLast() {
        if (count > 0) {
            rebalance(count - 1);
        }
    }

    // ---- finding chunks -----------------------------------------------------------------------

    /**
     * Walks to a chunk whose span [start, end] includes {@code position}, starting from whichever of the
     * hint, the document's start and its end is nearest, and leaves the hint on it.
     */
    private int seek(int position) {
        int index = hintIndex;
        int start = hintStart;
        int fromHint = Math.abs(position - start);
        if (position < fromHint) {
            index = 0;
            start = 0;
        } else if (length - position < fromHint) {
            index = count - 1;
            start = length - chunks[index].units;
        }
        while (position < start) {
            index--;
            start -= chunks[index].units;
        }
        while (position > start + chunks[index].units) {
            start += chunks[index].units;
            index++;
        }
        hintIndex = index;
        hintStart = start;
        return index;
    }

    /** The chunk holding the unit at {@code position} (which must be before the end); sets the hint to it. */
    private int chunkContaining(int position) {
        int index = seek(position);
        // seek may stop at the end of a chunk; the unit at position is in the next one.
        while (position - hintStart >= chunks[index].units) {
            hintStart += chunks[index].units;
            index++;
        }
        hintIndex = index;
        return index;
    }

    /**
     * The chunk to insert at {@code position}. At a boundary between two chunks either could take the
     * units; take the one whose run the insert extends, so typing there adds no run.
     */
    private int chunkForInsert(int position, String author) {
        int index = seek(position);
        AuthorshipChunk chunk = chunks[index];
        int offset = position - hintStart;
        if (offset == chunk.units && index + 1 < count
                && !same(chunk.lastAuthor(), author) && same(chunks[index + 1].firstAuthor(), author)) {
            hintStart += chunk.units;
            hintIndex = index + 1;
        } else if (offset == 0 && index > 0
                && !same(chunk.firstAuthor(), author) && same(chunks[index - 1].lastAuthor(), author)) {
            hintIndex = index - 1;
            hintStart -= chunks[index - 1].units;
        }
        return hintIndex;
    }

    private void resetHint() {
        hintIndex = 0;
        hintStart = 0;
    }

    // ---- keeping chunks between a quarter full and full -----------------------------------------

    /** Splits an overflowing chunk in half by runs. */
    private void split(int index) {
        AuthorshipChunk chunk = chunks[index];
        placeChunk(index + 1, chunk.splitOff(chunk.runs / 2));
        // The units moved right but stay in place in the document: chunks after keep their starts.
        if (hintIndex > index) {
            hintIndex++;
        }
    }

    /** Merges a chunk that has too few runs with a neighbour (splitting the result if it is too big). */
    private void rebalance(int index) {
        while (count > 1 && chunks[index].runs < minRuns) {
            int left = index + 1 < count ? index : index - 1;
            mergeWithNext(left);
            index = left;
            if (chunks[left].runs > maxRuns) {
                split(left);
                return;
            }
        }
    }

    private void mergeWithNext(int left) {
        AuthorshipChunk leftChunk = chunks[left];
        if (hintIndex == left + 1) {
            hintIndex = left;
            hintStart -= leftChunk.units;
        } else if (hintIndex > left + 1) {
            hintIndex--;
        }
        leftChunk.appendAll(chunks[left + 1]);
        System.arraycopy(chunks, left + 2, chunks, left + 1, count - left - 2);
        chunks[--count] = null;
    }

    /** Puts a chunk into the array; the caller keeps the hint right. */
    private void placeChunk(int index, AuthorshipChunk chunk) {
        if (count == chunks.length) {
            chunks = Arrays.copyOf(chunks, count * 2);
        }
        System.arraycopy(chunks, index, chunks, index + 1, count - index);
        chunks[index] = chunk;
        count++;
    }

    /** Removes an empty chunk; the chunks after it move down one and keep their starts. */
    private void removeChunk(int index) {
        System.arraycopy(chunks, index + 1, chunks, index, count - index - 1);
        chunks[--count] = null;
        if (hintIndex > index) {
            hintIndex--;
        }
    }

    static boolean same(String a, String b) {
        return a == b || a.equals(b);
    }

}
