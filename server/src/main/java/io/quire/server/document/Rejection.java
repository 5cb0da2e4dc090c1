package io.quire.server.document;

/**
 * Why the sequencer refused a request. The message says what was expected; the session maps the reason to
 * the protocol's error code.
 */
public final class Rejection extends RuntimeException {
    /** The reasons, named after what the client did or met. */
    public enum Reason {
        VERSION_IN_FUTURE,
        OPS_NOT_FOUND,
        /** the version asked for lies inside a run of ops that compaction folded into one entry */
        COMPACTED,
        ALREADY_CREATED,
        DOES_NOT_EXIST,
        WAS_DELETED,
        OP_DOES_NOT_FIT,
        UNAVAILABLE
    }

    private final Reason reason;

    public Rejection(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
