package io.quire.server.protocol;

import java.util.Objects;

/**
 * One document's part of a bulk fetch or subscribe reply ({@code data: {<id>: entry}}): its snapshot, or the
 * error that kept it from being read, which the client hands to that document alone.
 */
public sealed interface BulkEntry permits DocSnapshot, BulkEntry.Failed {

    /** {@code {"error": {"code": "ERR_...", "message": "..."}}} */
    record Failed(ErrorCode code, String message) implements BulkEntry {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
