package io.quire.ot;

/**
 * Walks a delta's ops, handing out pieces of any requested length. It is the one place with index
 * arithmetic: every algorithm is one loop over two of these.
 *
 * <p>Past the last op it yields an endless plain retain (length {@link #INFINITE}), which is what a
 * delta means beyond its end, so callers need no end-of-input cases.
 */
final class OpIterator {
    /** The length of the endless retain past the end; JavaScript's {@code Infinity}. */
    static final int INFINITE = Integer.MAX_VALUE;

    enum Type { INSERT, RETAIN, DELETE }

    private final Op[] ops;
    private final int count;
    private int index;
    private int offset;

    OpIterator(Op[] ops, int count) {
        this.ops = ops;
        this.count = count;
    }

    OpIterator(Delta delta) {
        this(delta.opArray(), delta.opArray().length);
    }

    boolean hasNext() {
        return index < count;
    }

    /** The op under the cursor, whole (ignoring how much of it was consumed), or null at the end. */
    Op peek() {
        return index < count ? ops[index] : null;
    }

    /** What is left of the current op, or {@link #INFINITE} at the end. */
    int peekLength() {
        return index < count ? ops[index].length() - offset : INFINITE;
    }

    Type peekType() {
        if (index >= count) {
            return Type.RETAIN;
        }
        Op op = ops[index];
        if (op instanceof Op.Insert) {
            return Type.INSERT;
        }
        return op instanceof Op.Retain ? Type.RETAIN : Type.DELETE;
    }

    /** The current op's attributes; none past the end. */
    AttributeMap peekAttributes() {
        return index < count ? ops[index].attributes() : AttributeMap.EMPTY;
    }

    /**
     * Moves past at most {@code length} units of the current op, as {@link #next(int)} does, without making the
     * piece: for loops that need only its length and attributes. Returns how many units it moved past.
     */
    int skip(int length) {
        if (index >= count) {
            return length;
        }
        int available = ops[index].length() - offset;
        if (length >= available) {
            index++;
            offset = 0;
            return available;
        }
        offset += length;
        return length;
    }

    /** The rest of the current op. */
    Op next() {
        return next(INFINITE);
    }

    /** At most {@code length} units of the current op; past the end, a plain retain of {@code length}. */
    Op next(int length) {
        if (index >= count) {
            return Op.retain(length);
        }
        Op op = ops[index];
        int start = offset;
        int available = op.length() - start;
        if (length >= available) {
            length = available;
            index++;
            offset = 0;
        } else {
            offset += length;
        }
        if (start == 0 && length == op.length()) {
            return op;
        }
        if (op instanceof Op.Insert insert) {
            return insert.slice(start, length);
        }
        if (op instanceof Op.Retain retain) {
            return new Op.Retain(length, retain.attributes());
        }
        return new Op.Delete(length);
    }

    /** Copies what is left, the current op's remainder first, without moving the cursor. */
    Op[] rest() {
        if (index >= count) {
            return new Op[0];
        }
        int savedIndex = index;
        int savedOffset = offset;
        Op[] rest = new Op[count - index];
        rest[0] = next();
        System.arraycopy(ops, index, rest, 1, count - index);
        index = savedIndex;
        offset = savedOffset;
        return rest;
    }
}
