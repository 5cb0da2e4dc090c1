package io.quire.server.history;

import io.quire.ot.Delta;
import io.quire.ot.Op;
import io.quire.server.storage.StoredOp;

/**
 * How much one op changed, in units (UTF-16 code units, an embed counting one): inserted, deleted, and
 * re-formatted (retained with attributes). A create counts its contents as inserted; a delete counts nothing,
 * since it removes the chapter rather than its text.
 */
public record ChangeCounts(long inserted, long deleted, long formatted) {
    public static final ChangeCounts NONE = new ChangeCounts(0, 0, 0);

    /** For a folded entry, the sum over the ops it replaced, as they were counted when they committed. */
    public static ChangeCounts of(StoredOp op) {
        if (op.folded()) {
            return new ChangeCounts(op.fold().inserted(), op.fold().deleted(), op.fold().formatted());
        }
        return op.delta() == null ? NONE : of(op.delta());
    }

    public static ChangeCounts of(Delta delta) {
        long inserted = 0;
        long deleted = 0;
        long formatted = 0;
        for (Op op : delta.ops()) {
            if (op instanceof Op.Insert insert) {
                inserted += insert.length();
            } else if (op instanceof Op.Delete delete) {
                deleted += delete.length();
            } else if (op instanceof Op.Retain retain && !retain.attributes().isEmpty()) {
                formatted += retain.length();
            }
        }
        return new ChangeCounts(inserted, deleted, formatted);
    }

    public ChangeCounts plus(ChangeCounts other) {
        return new ChangeCounts(inserted + other.inserted, deleted + other.deleted, formatted + other.formatted);
    }
}
