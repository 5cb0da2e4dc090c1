package io.quire.ot;

import java.util.Arrays;

/**
 * Builds a {@link Delta} in canonical form; the only place canonical form is made.
 *
 * <p>The rules are quill-delta's {@code push}: adjacent deletes merge; adjacent text inserts, and
 * adjacent retains, with equal attributes merge; an insert pushed right after a delete goes in front
 * of it (inserting before or after deleting at one spot is the same edit, so one order is chosen);
 * and {@link #chop()} drops a trailing plain retain. Two deltas that mean the same are then equal.
 */
public final class DeltaBuilder {
    private static final Op[] NO_OPS = new Op[0];
    private Op[] ops;
    private int size;

    public DeltaBuilder() {
        this(4);
    }

    public DeltaBuilder(int expectedOps) {
        ops = new Op[Math.max(2, expectedOps)];
    }

    public DeltaBuilder insert(String text) {
        return insert(text, AttributeMap.EMPTY);
    }

    /** Inserts text; empty text is ignored, as in quill-delta. */
    public DeltaBuilder insert(String text, AttributeMap attributes) {
        return text.isEmpty() ? this : push(new Op.Insert(text, attributes));
    }

    public DeltaBuilder insert(Embed embed, AttributeMap attributes) {
        return push(new Op.Insert(embed, attributes));
    }

    public DeltaBuilder insert(Embed embed) {
        return push(new Op.Insert(embed, AttributeMap.EMPTY));
    }

    /** Keeps {@code length} units; zero or less is ignored. */
    public DeltaBuilder retain(int length) {
        return retain(length, AttributeMap.EMPTY);
    }

    public DeltaBuilder retain(int length, AttributeMap attributes) {
        return length <= 0 ? this : push(new Op.Retain(length, attributes));
    }

    /** Deletes {@code length} units; zero or less is ignored. */
    public DeltaBuilder delete(int length) {
        return length <= 0 ? this : push(new Op.Delete(length));
    }

    /** Appends an op, merging it with its neighbour where canonical form says so. */
    public DeltaBuilder push(Op op) {
        int index = size;
        if (index > 0) {
            Op last = ops[index - 1];
            if (op instanceof Op.Delete delete && last instanceof Op.Delete lastDelete) {
                ops[index - 1] = new Op.Delete(sum(lastDelete.length(), delete.length()));
                return this;
            }
            if (last instanceof Op.Delete && op instanceof Op.Insert) {
                index--;
                if (index == 0) {
                    insertAt(0, op);
                    return this;
                }
                last = ops[index - 1];
            }
            if (op.attributes().equals(last.attributes())) {
                if (op instanceof Op.Insert insert && insert.isText()
                        && last instanceof Op.Insert lastInsert && lastInsert.isText()) {
                    ops[index - 1] = new Op.Insert(lastInsert.text() + insert.text(), op.attributes());
                    return this;
                }
                if (op instanceof Op.Retain retain && last instanceof Op.Retain lastRetain) {
                    ops[index - 1] = new Op.Retain(sum(lastRetain.length(), retain.length()), op.attributes());
                    return this;
                }
            }
        }
        insertAt(index, op);
        return this;
    }

    /** Two merged lengths: past an int, a client's adjacent retains or deletes would wrap to a negative length. */
    private static int sum(int a, int b) {
        int sum = a + b;
        if (sum < 0) {
            throw new InvalidDeltaException("adjacent ops add up to a length of " + ((long) a + b) + ", past 2^31-1");
        }
        return sum;
    }

    /** Appends ops as they are, without merging; for tails already known to be canonical. */
    DeltaBuilder appendRaw(Op[] more, int from) {
        for (int i = from; i < more.length; i++) {
            insertAt(size, more[i]);
        }
        return this;
    }

    /** Drops a trailing plain retain: retaining the rest of a document is implied. */
    public DeltaBuilder chop() {
        if (size > 0 && ops[size - 1] instanceof Op.Retain retain && retain.attributes().isEmpty()) {
            ops[--size] = null;
        }
        return this;
    }

    /** The last op pushed, or null. */
    Op last() {
        return size == 0 ? null : ops[size - 1];
    }

    public int size() {
        return size;
    }

    /** Hands the ops over to a new delta; the builder starts empty again. */
    public Delta build() {
        Op[] result = size == ops.length ? ops : Arrays.copyOf(ops, size);
        ops = NO_OPS; // most builders are dropped after one build: room is made again only if used
        size = 0;
        return Delta.wrap(result);
    }

    private void insertAt(int index, Op op) {
        if (size == ops.length) {
            ops = Arrays.copyOf(ops, Math.max(4, size * 2));
        }
        System.arraycopy(ops, index, ops, index + 1, size - index);
        ops[index] = op;
        size++;
    }
}
