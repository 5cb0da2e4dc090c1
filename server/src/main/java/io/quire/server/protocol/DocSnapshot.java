package io.quire.server.protocol;

import io.quire.ot.Delta;

/**
 * A document's state as the fetch, subscribe and snapshot replies carry it.
 *
 * <pre>
 *   exists:   {"v": 3, "data": {"ops": [{"insert": "Hi\n"}]}, "type": "http://sharejs.org/types/rich-text/v1"}
 *   missing:  {"v": 0, "type": null}        (never created, or deleted: then v is the version after the delete)
 * </pre>
 *
 * @param version how many ops the document has had
 * @param content its contents (inserts only), or null when it has no type: never created, or deleted
 */
public record DocSnapshot(long version, Delta content) implements BulkEntry {
    public DocSnapshot {
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
        if (content != null && !content.isDocument()) {
            throw new IllegalArgumentException("snapshot content must be inserts only, got " + content);
        }
    }

    /** A document without a type at {@code version}: 0 if it was never created. */
    public static DocSnapshot missing(long version) {
        return new DocSnapshot(version, null);
    }

    public boolean exists() {
        return content != null;
    }
}
