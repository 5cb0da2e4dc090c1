package io.quire.ot;

import java.util.Arrays;

/**
 * A mutable rich-text document that applies changes in place, for the server's copy of a chapter.
 *
 * <p>{@link Delta#compose} rebuilds the whole document on every change; on a 200,000-character chapter
 * that is a 400 KB copy per keystroke. This keeps the text in chunks of at most {@value #DEFAULT_MAX_CHUNK}
 * UTF-16 units, so a keystroke shifts at most one chunk's array. Finding the chunk walks from the
 * chunk used last, which makes the common case (edits near the previous one) constant time.
 *
 * <p>The result of {@link #apply} is always what {@code toDelta().compose(change)} would give; the
 * property tests hold it to that. Not thread-safe: the document's sequencer is its single writer.
 */
public final class DocumentRope {
    /** Largest chunk by default; a full chunk splits in half, so chunks that grew stay at least half full. */
    static final int DEFAULT_MAX_CHUNK = 2048;

    private final int maxChunk;

    private RopeChunk[] chunks = new RopeChunk[8];
    private int count;
    private int length;

    // The chunk the last edit touched, and where it starts: where the next search begins.
    private int hintIndex;
    private int hintStart;

    public DocumentRope() {
        this(DEFAULT_MAX_CHUNK);
    }

    /** Tests use tiny chunks so that every edit crosses chunk boundaries. */
    DocumentRope(int maxChunk) {
        if (maxChunk < 2) {
            throw new IllegalArgumentException("chunks hold at least 2 units");
        }
        this.maxChunk = maxChunk;
    }

    /** A rope holding {@code document}, which must contain inserts only. */
    public DocumentRope(Delta document) {
        this(document, DEFAULT_MAX_CHUNK);
    }

    DocumentRope(Delta document, int maxChunk) {
        this(maxChunk);
        if (!document.isDocument()) {
            throw new InvalidDeltaException("a document holds inserts only, got a change");
        }
        for (Op op : document.opArray()) {
            insert(length, (Op.Insert) op);
        }
    }

    public int length() {
        return length;
    }

    /**
     * Applies {@code change} in place after checking that it fits; when it does not, the document is
     * left exactly as it was.
     *
     * @throws InvalidDeltaException naming the op that retains or deletes past the end
     */
    public void apply(Delta change) {
        Delta.checkFits(change, length);
        int position = 0;
        for (Op op : change.opArray()) {
            if (op instanceof Op.Insert insert) {
                insert(position, insert);
                position += insert.length();
            } else if (op instanceof Op.Retain retain) {
                if (!retain.attributes().isEmpty()) {
                    format(position, retain.length(), retain.attributes());
                }
                position += retain.length();
            } else {
                delete(position, op.length());
            }
        }
    }

    /** The document as a delta of inserts, in canonical form. */
    public Delta toDelta() {
        DeltaBuilder builder = new DeltaBuilder(count + 1);
        for (int i = 0; i < count; i++) {
            chunks[i].appendTo(builder);
        }
        return builder.build();
    }

    /** The text, each embed shown as U+FFFC. */
    public String plainText() {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < count; i++) {
            chunks[i].appendText(out);
        }
        return out.toString();
    }

    private void insert(int position, Op.Insert insert) {
        int index = chunkForInsert(position);
        int n = insert.length();
        if (insert.isText() && n > maxChunk / 2) {
            insertPaste(index, position - hintStart, insert.text(), insert.attributes());
        } else {
            RopeChunk chunk = roomFor(index, position - hintStart, n);
            int offset = position - hintStart;
            if (insert.isText()) {
                chunk.insertText(offset, insert.text(), 0, n, insert.attributes());
            } else {
                chunk.insertEmbed(offset, insert.embed(), insert.attributes());
            }
        }
        length += n;
    }

    /** A long insert: cut the chunk at the insertion point and put whole new chunks between. */
    private void insertPaste(int index, int offset, String text, AttributeMap attributes) {
        RopeChunk chunk = chunks[index];
        if (offset < chunk.length()) {
            insertChunk(index + 1, chunk.splitAt(offset, maxChunk));
        }
        int at = index + 1;
        for (int from = 0; from < text.length(); from += maxChunk) {
            int piece = Math.min(maxChunk, text.length() - from);
            RopeChunk fresh = new RopeChunk(maxChunk);
            fresh.insertText(0, text, from, piece, attributes);
            insertChunk(at++, fresh);
        }
        removeIfEmpty(index);
    }

    /**
     * The chunk that will take {@code n} units at {@code offset} of chunk {@code index}, splitting a full
     * chunk in half first. Leaves the hint on the returned chunk.
     */
    private RopeChunk roomFor(int index, int offset, int n) {
        RopeChunk chunk = chunks[index];
        if (chunk.length() + n <= maxChunk) {
            return chunk;
        }
        int half = chunk.length() / 2;
        insertChunk(index + 1, chunk.splitAt(half, maxChunk));
        if (offset > half) {
            hintIndex = index + 1;
            hintStart += half;
            return chunks[index + 1];
        }
        return chunk;
    }

    private void delete(int position, int n) {
        int index = chunkContaining(position);
        int offset = position - hintStart;
        while (n > 0) {
            RopeChunk chunk = chunks[index];
            int cut = Math.min(n, chunk.length() - offset);
            chunk.delete(offset, cut);
            n -= cut;
            length -= cut;
            if (!removeIfEmpty(index)) {
                index++;
            }
            offset = 0;
        }
        if (hintIndex >= count) {
            resetHint();
        }
    }

    private void format(int position, int n, AttributeMap attributes) {
        int index = chunkContaining(position);
        int offset = position - hintStart;
        while (n > 0) {
            RopeChunk chunk = chunks[index];
            int span = Math.min(n, chunk.length() - offset);
            chunk.format(offset, span, attributes);
            n -= span;
            index++;
            offset = 0;
        }
    }

    /** The chunk where {@code position} falls, for reading or removing; sets the hint to it. */
    private int chunkContaining(int position) {
        int index = seek(position);
        // seek may stop at the end of a chunk; the unit at position is in the next one.
        while (position - hintStart >= chunks[index].length() && index + 1 < count) {
            hintStart += chunks[index].length();
            index++;
        }
        hintIndex = index;
        return index;
    }

    /** A chunk whose span [start, end] includes {@code position}; creates the first chunk if there is none. */
    private int chunkForInsert(int position) {
        if (count == 0) {
            insertChunk(0, new RopeChunk(64));
            resetHint();
            return 0;
        }
        int index = seek(position);
        hintIndex = index;
        return index;
    }

    /** Walks from the hint to a chunk with start <= position <= end, leaving hintStart at its start. */
    private int seek(int position) {
        int index = Math.min(hintIndex, count - 1);
        int start = index == hintIndex ? hintStart : startOf(index);
        while (position < start) {
            index--;
            start -= chunks[index].length();
        }
        while (position > start + chunks[index].length()) {
            start += chunks[index].length();
            index++;
        }
        hintStart = start;
        hintIndex = index;
        return index;
    }

    private int startOf(int index) {
        int start = 0;
        for (int i = 0; i < index; i++) {
            start += chunks[i].length();
        }
        return start;
    }

    private void insertChunk(int index, RopeChunk chunk) {
        if (count == chunks.length) {
            chunks = Arrays.copyOf(chunks, count * 2);
        }
        System.arraycopy(chunks, index, chunks, index + 1, count - index);
        chunks[index] = chunk;
        count++;
    }

    /** Removes chunk {@code index} if it is empty; the hint stays valid since nothing before it moved. */
    private boolean removeIfEmpty(int index) {
        if (chunks[index].length() > 0) {
            return false;
        }
        System.arraycopy(chunks, index + 1, chunks, index, count - index - 1);
        chunks[--count] = null;
        return true;
    }

    private void resetHint() {
        hintIndex = 0;
        hintStart = 0;
    }
}
