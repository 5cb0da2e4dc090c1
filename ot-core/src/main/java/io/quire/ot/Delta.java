package io.quire.ot;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A rich-text change, or a whole document, as an immutable list of {@link Op}s in Quill's Delta format.
 *
 * <p>A document is a delta of inserts only. A change is applied to a document by {@link #apply} (checked)
 * or {@link #compose}. Every operation has the semantics of the JavaScript {@code quill-delta} package
 * (which the sharedb {@code rich-text} type runs in every client), down to the canonical form of its
 * results, so the server and its clients always compute the same deltas.
 *
 * <p>Wire format (see {@link DeltaJson}): {@code {"ops":[{"insert":"Hi","attributes":{"bold":true}},{"retain":3},{"delete":2}]}}.
 */
public final class Delta {
    public static final Delta EMPTY = new Delta(new Op[0]);

    private final Op[] ops;
    /**
     * The JSON text once {@link DeltaJson#write(Delta)} has made it. A server writes each committed op several
     * times (its revision hash, the stored entry, the broadcast); keeping the text here makes that one
     * serialization. Racy like {@code String.hash}: two threads may both compute it, and get the same text.
     */
    private Json json;

    /** A delta's JSON text, and whether a UTF-8 writer can take it as it is (no half of a surrogate pair). */
    record Json(String text, boolean encodable) {
    }

    private Delta(Op[] ops) {
        this.ops = ops;
    }

    /** Only {@link DeltaBuilder} calls this, so every delta is canonical. */
    static Delta wrap(Op[] ops) {
        return ops.length == 0 ? EMPTY : new Delta(ops);
    }

    Json cachedJson() {
        return json;
    }

    void cacheJson(Json text) {
        json = text;
    }

    public static DeltaBuilder builder() {
        return new DeltaBuilder();
    }

    /** A document holding {@code text} without formats. */
    public static Delta ofText(String text) {
        return new DeltaBuilder(1).insert(text).build();
    }

    public List<Op> ops() {
        return Collections.unmodifiableList(Arrays.asList(ops));
    }

    Op[] opArray() {
        return ops;
    }

    public int opCount() {
        return ops.length;
    }

    public Op op(int index) {
        return ops[index];
    }

    public boolean isEmpty() {
        return ops.length == 0;
    }

    /** Total length of all ops: for a document, its length in UTF-16 units. */
    public int length() {
        long total = 0;
        for (Op op : ops) {
            total += op.length();
        }
        return saturate(total);
    }

    /** The length of document this change expects at least: what it retains and deletes. */
    public int baseLength() {
        long total = 0;
        for (Op op : ops) {
            if (!(op instanceof Op.Insert)) {
                total += op.length();
            }
        }
        return saturate(total);
    }

    /** How much longer a document gets when this change is applied (negative when it shrinks). */
    public int changeLength() {
        long total = 0;
        for (Op op : ops) {
            if (op instanceof Op.Insert) {
                total += op.length();
            } else if (op instanceof Op.Delete) {
                total -= op.length();
            }
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, total));
    }

    /** True when this holds inserts only, i.e. it is a document rather than a change. */
    public boolean isDocument() {
        for (Op op : ops) {
            if (!(op instanceof Op.Insert)) {
                return false;
            }
        }
        return true;
    }

    /** The document's text, with each embed as U+FFFC (the object replacement character). */
    public String plainText() {
        StringBuilder text = new StringBuilder();
        for (Op op : ops) {
            if (op instanceof Op.Insert insert) {
                text.append(insert.isText() ? insert.text() : "\uFFFC");
            } else {
                throw new IllegalStateException("plainText() called on a change, not a document");
            }
        }
        return text.toString();
    }

    /** The ops covering {@code [start, end)}, cut where needed. */
    public Delta slice(int start, int end) {
        DeltaBuilder slice = new DeltaBuilder();
        OpIterator iter = new OpIterator(this);
        int index = 0;
        while (index < end && iter.hasNext()) {
            Op next;
            if (index < start) {
                next = iter.next(start - index);
            } else {
                next = iter.next(end - index);
                slice.push(next);
            }
            index += next.length();
        }
        return slice.build();
    }

    public Delta slice(int start) {
        return slice(start, OpIterator.INFINITE);
    }

    /**
     * This change followed by {@code other}, as one change; for a document, the document after {@code other}.
     * Unchecked, like quill-delta: use {@link #apply} to apply a change that came from outside.
     */
    public Delta compose(Delta other) {
        OpIterator thisIter = new OpIterator(this);
        OpIterator otherIter = new OpIterator(other);
        DeltaBuilder delta = new DeltaBuilder(ops.length + other.ops.length);

        // A leading plain retain in other keeps this's leading inserts as they are: copy them at once.
        if (otherIter.peek() instanceof Op.Retain first && first.attributes().isEmpty()) {
            int firstLeft = first.length();
            while (thisIter.peekType() == OpIterator.Type.INSERT && thisIter.peekLength() <= firstLeft) {
                firstLeft -= thisIter.peekLength();
                delta.push(thisIter.next());
            }
            if (first.length() - firstLeft > 0) {
                otherIter.next(first.length() - firstLeft);
            }
        }

        while (thisIter.hasNext() || otherIter.hasNext()) {
            if (otherIter.peekType() == OpIterator.Type.INSERT) {
                delta.push(otherIter.next());
            } else if (thisIter.peekType() == OpIterator.Type.DELETE) {
                delta.push(thisIter.next());
            } else {
                int length = Math.min(thisIter.peekLength(), otherIter.peekLength());
                Op thisOp = thisIter.next(length);
                Op otherOp = otherIter.next(length);
                if (otherOp instanceof Op.Retain otherRetain) {
                    Op composed;
                    if (thisOp instanceof Op.Retain thisRetain) {
                        // Keep removals: they still have to reach the text this retain will meet.
                        composed = new Op.Retain(length,
                                AttributeMap.compose(thisRetain.attributes(), otherRetain.attributes(), true));
                    } else {
                        Op.Insert insert = (Op.Insert) thisOp;
                        composed = insert.withAttributes(
                                AttributeMap.compose(insert.attributes(), otherRetain.attributes(), false));
                    }
                    delta.push(composed);
                    // The rest of other is a plain retain: the rest of this passes through unchanged.
                    if (!otherIter.hasNext() && composed.equals(delta.last())) {
                        Op[] rest = thisIter.rest();
                        if (rest.length > 0) {
                            delta.push(rest[0]).appendRaw(rest, 1);
                        }
                        return delta.chop().build();
                    }
                } else if (otherOp instanceof Op.Delete && thisOp instanceof Op.Retain) {
                    delta.push(otherOp);
                }
                // Otherwise other deletes what this inserted: both vanish.
            }
        }
        return delta.chop().build();
    }

    /**
     * {@code other} rewritten to apply after this change, where both were made on the same document.
     * {@code priority} true means this happened first: its inserts go first at a tie and its formats win.
     * A server transforms an incoming op with {@code committed.transform(incoming, true)}.
     */
    public Delta transform(Delta other, boolean priority) {
        OpIterator thisIter = new OpIterator(this);
        OpIterator otherIter = new OpIterator(other);
        DeltaBuilder delta = new DeltaBuilder(other.ops.length + 2);
        // Once other is used up, what is left of this only turns into plain retains, which chop() drops.
        while (otherIter.hasNext()) {
            if (!thisIter.hasNext()) {
                // Past its end this keeps everything, so the rest of other passes through unchanged.
                do {
                    delta.push(otherIter.next());
                } while (otherIter.hasNext());
                break;
            }
            OpIterator.Type thisType = thisIter.peekType();
            OpIterator.Type otherType = otherIter.peekType();
            if (thisType == OpIterator.Type.INSERT && (priority || otherType != OpIterator.Type.INSERT)) {
                delta.retain(thisIter.skip(OpIterator.INFINITE));
            } else if (otherType == OpIterator.Type.INSERT) {
                delta.push(otherIter.next());
            } else {
                // Both retain or delete: only lengths and attributes matter, so no pieces are cut.
                int length = Math.min(thisIter.peekLength(), otherIter.peekLength());
                AttributeMap thisAttributes = thisIter.peekAttributes();
                thisIter.skip(length);
                if (thisType == OpIterator.Type.DELETE) {
                    // This already deleted it: other's delete is moot and other's retain has nothing to keep.
                    otherIter.skip(length);
                } else if (otherType == OpIterator.Type.DELETE) {
                    delta.push(otherIter.next(length));
                } else {
                    AttributeMap otherAttributes = otherIter.peekAttributes();
                    otherIter.skip(length);
                    delta.retain(length, AttributeMap.transform(thisAttributes, otherAttributes, priority));
                }
            }
        }
        return delta.chop().build();
    }

    /**
     * Where {@code index} (a caret) ends up after this change. {@code priority} true keeps it before
     * an insert made exactly at it (someone else typed there); false moves it past (you typed there).
     */
    public int transformPosition(int index, boolean priority) {
        OpIterator iter = new OpIterator(this);
        int offset = 0;
        while (iter.hasNext() && offset <= index) {
            int length = iter.peekLength();
            OpIterator.Type type = iter.peekType();
            iter.next();
            if (type == OpIterator.Type.DELETE) {
                index -= Math.min(length, index - offset);
                continue;
            }
            if (type == OpIterator.Type.INSERT && (offset < index || !priority)) {
                index += length;
            }
            offset += length;
        }
        return index;
    }

    /**
     * The change that undoes this one, given the document {@code base} it was applied to.
     *
     * @throws InvalidDeltaException if base is not a document or is shorter than this change expects
     */
    public Delta invert(Delta base) {
        if (!base.isDocument()) {
            throw new InvalidDeltaException("invert() needs the document the change applied to, got a change");
        }
        int baseLength = base.length();
        if (baseLength() > baseLength) {
            throw new InvalidDeltaException("change covers " + baseLength() + " units but the base document has "
                    + baseLength + " (expected: <= " + baseLength + ")");
        }
        DeltaBuilder inverted = new DeltaBuilder(ops.length);
        int baseIndex = 0;
        for (Op op : ops) {
            if (op instanceof Op.Insert) {
                inverted.delete(op.length());
            } else if (op instanceof Op.Retain retain && retain.attributes().isEmpty()) {
                inverted.retain(retain.length());
                baseIndex += retain.length();
            } else {
                int length = op.length();
                for (Op baseOp : base.slice(baseIndex, baseIndex + length).ops) {
                    if (op instanceof Op.Delete) {
                        inverted.push(baseOp);
                    } else {
                        inverted.retain(baseOp.length(), AttributeMap.invert(op.attributes(), baseOp.attributes()));
                    }
                }
                baseIndex += length;
            }
        }
        return inverted.chop().build();
    }

    /**
     * The change that turns this document into {@code other}, as quill-delta computes it: a character
     * diff (fast-diff with semantic cleanup, embeds as '\0'), with format changes on kept text.
     *
     * @throws InvalidDeltaException if either side is not a document
     */
    public Delta diff(Delta other) {
        if (this == other) {
            return EMPTY;
        }
        String before = diffText(this, "with");
        String after = diffText(other, "on");
        DeltaBuilder result = new DeltaBuilder();
        OpIterator thisIter = new OpIterator(this);
        OpIterator otherIter = new OpIterator(other);
        List<TextDiff.Edit> edits;
        try {
            edits = TextDiff.diff(before, after);
        } catch (IllegalArgumentException noAnswer) {
            // Text with halves of emoji on which fast-diff (and so quill-delta) never finishes: any correct
            // diff is better than none.
            edits = TextDiff.replaceMiddle(before, after);
        }
        for (TextDiff.Edit edit : edits) {
            int length = edit.text().length();
            while (length > 0) {
                int opLength;
                switch (edit.kind()) {
                    case INSERT -> {
                        opLength = Math.min(otherIter.peekLength(), length);
                        result.push(otherIter.next(opLength));
                    }
                    case DELETE -> {
                        opLength = Math.min(length, thisIter.peekLength());
                        thisIter.next(opLength);
                        result.delete(opLength);
                    }
                    default -> {
                        opLength = Math.min(Math.min(thisIter.peekLength(), otherIter.peekLength()), length);
                        Op.Insert thisOp = (Op.Insert) thisIter.next(opLength);
                        Op.Insert otherOp = (Op.Insert) otherIter.next(opLength);
                        if (thisOp.content().equals(otherOp.content())) {
                            result.retain(opLength, AttributeMap.diff(thisOp.attributes(), otherOp.attributes()));
                        } else {
                            // Same placeholder, different embeds (or an embed against a real '\0').
                            result.push(otherOp).delete(opLength);
                        }
                    }
                }
                length -= opLength;
            }
        }
        return result.chop().build();
    }

    private static String diffText(Delta delta, String preposition) {
        StringBuilder text = new StringBuilder();
        for (Op op : delta.ops) {
            if (!(op instanceof Op.Insert insert)) {
                throw new InvalidDeltaException("diff() called " + preposition + " a change, not a document");
            }
            text.append(insert.isText() ? insert.text() : "\0");
        }
        return text.toString();
    }

    /**
     * This document after {@code change}, checked first: this must be a document and the change must not
     * retain or delete past its end. Nothing is changed when the check fails.
     *
     * @throws InvalidDeltaException naming the op that does not fit, with the length expected
     */
    public Delta apply(Delta change) {
        if (!isDocument()) {
            throw new InvalidDeltaException("apply() needs a document (inserts only), got a change");
        }
        checkFits(change, length());
        return compose(change);
    }

    /**
     * Checks that {@code change} fits a document of {@code documentLength} units.
     *
     * @throws InvalidDeltaException naming the first op that reaches past the end
     */
    public static void checkFits(Delta change, int documentLength) {
        long position = 0;
        for (int i = 0; i < change.ops.length; i++) {
            Op op = change.ops[i];
            if (op instanceof Op.Insert) {
                continue;
            }
            long end = position + op.length();
            if (end > documentLength) {
                String kind = op instanceof Op.Retain ? "retain" : "delete";
                throw new InvalidDeltaException("op " + i + ": " + kind + " " + op.length() + " at position " + position
                        + " exceeds document length " + documentLength
                        + " (expected: <= " + (documentLength - position) + ")");
            }
            position = end;
        }
    }

    private static int saturate(long total) {
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Delta other && Arrays.equals(ops, other.ops));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ops);
    }

    /** The JSON form, as quill-delta writes it. */
    @Override
    public String toString() {
        return DeltaJson.write(this);
    }
}
