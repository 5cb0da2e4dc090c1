package io.quire.server.protocol;

/**
 * The error codes the server sends in {@code error:{code, message}}, with who is at fault.
 *
 * <p>The names are ShareDB's ({@code lib/error.js}), so the stock client recognises the few it treats specially
 * (see each constant), plus Quire's own for its limits. Every name starts with {@code ERR_}; the client does not
 * look at the prefix, but keeping it makes our codes read like ShareDB's in logs and in client code.
 *
 * <p>How the sharedb 7 client reacts, in general: an error reply to a submitted op rolls the document back; since
 * the rich-text type has no {@code invert}, that is always a <em>hard</em> rollback (pending ops are dropped,
 * the document is fetched again, and the op callbacks get the error). An error reply to fetch, subscribe,
 * snapshot, presence or ping goes to the request's callback, or is emitted as {@code 'error'} when there is none.
 * Codes the client raises only itself ({@code ERR_DOC_IN_HARD_ROLLBACK}, {@code ERR_CANNOT_PING_OFFLINE}, ...)
 * are not listed.
 */
public enum ErrorCode {
    // ---- Client's fault, recoverable: answered with an error reply, the connection stays open.

    /**
     * The message is not what the protocol allows: unknown action, a field missing or of the wrong type.
     * A frame that is not a JSON object at all is fatal instead (see {@link ProtocolException#closesConnection()}):
     * there is nothing to echo, and ShareDB closes the connection too.
     */
    ERR_MESSAGE_BADLY_FORMED(Fault.CLIENT_RECOVERABLE),
    /**
     * A resubmitted op (same {@code src} and {@code seq}) was already committed. Never sent: ShareDB turns it
     * into a normal ack, which is what the client needs after a reconnect.
     */
    ERR_OP_ALREADY_SUBMITTED(Fault.CLIENT_RECOVERABLE),
    /**
     * The server chose not to apply the op. The client treats it as a silent rejection: the op's callback gets
     * no error, the document is rolled back (hard, for rich-text) and pending ops fail with
     * {@code ERR_PENDING_OP_REMOVED_BY_OP_SUBMIT_REJECTED}.
     */
    ERR_OP_SUBMIT_REJECTED(Fault.CLIENT_RECOVERABLE),
    /** A create for a document that exists. */
    ERR_DOC_ALREADY_CREATED(Fault.CLIENT_RECOVERABLE),
    /** An edit, or doc presence, for a document never created. */
    ERR_DOC_DOES_NOT_EXIST(Fault.CLIENT_RECOVERABLE),
    /** An edit for a document deleted since the op's base version. */
    ERR_DOC_WAS_DELETED(Fault.CLIENT_RECOVERABLE),
    /** A create naming a type other than rich-text. */
    ERR_DOC_TYPE_NOT_RECOGNIZED(Fault.CLIENT_RECOVERABLE),
    /** An op or snapshot request for a version the document has not reached. */
    ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT(Fault.CLIENT_RECOVERABLE),
    /**
     * The op became a no-op after transform and was not committed. The client fetches and clears its inflight
     * op, but only if the reply's {@code seq} is its inflight op's: with no inflight op the client throws
     * (it reads {@code inflightOp.seq}). ShareDB 7 sends it only with {@code doNotCommitNoOps}, and for rich-text
     * only for an untransformed op sent as an empty bare array: its check, {@code op.length === 0}, is never true
     * of a transformed op, which is a Delta whose {@code length} is a method.
     */
    ERR_NO_OP(Fault.CLIENT_RECOVERABLE),
    /** The op, the create data or the delete flag is malformed; the message says how. */
    ERR_OT_OP_BADLY_FORMED(Fault.CLIENT_RECOVERABLE),
    /** The op is well formed but does not fit the document, e.g. it retains past its end. */
    ERR_OT_OP_NOT_APPLIED(Fault.CLIENT_RECOVERABLE),
    /** An edit without an op. */
    ERR_OT_OP_NOT_PROVIDED(Fault.CLIENT_RECOVERABLE),
    /**
     * The client's op {@code seq} reached 2^53-1. Answered, not closed: the client keeps counting across
     * reconnects, so closing would not help.
     */
    ERR_CONNECTION_SEQ_INTEGER_OVERFLOW(Fault.CLIENT_RECOVERABLE),
    /** Presence for a document whose type has no {@code transformPresence}, i.e. not rich-text. */
    ERR_TYPE_DOES_NOT_SUPPORT_PRESENCE(Fault.CLIENT_RECOVERABLE),
    /** A presence value could not be transformed to the document's latest version. */
    ERR_PRESENCE_TRANSFORM_FAILED(Fault.CLIENT_RECOVERABLE),
    /**
     * A read the client may not make, which the client should ignore quietly: on fetch or subscribe it calls back
     * without an error and stops wanting the subscription. Useful for access control that should not surface
     * as an error.
     */
    ERR_SNAPSHOT_READ_SILENT_REJECTION(Fault.CLIENT_RECOVERABLE),
    /** Reads of some snapshots were refused (per document in bulk replies). */
    ERR_SNAPSHOT_READS_REJECTED(Fault.CLIENT_RECOVERABLE),
    /** A snapshot-at-version or -time request whose version or timestamp cannot be served. */
    ERR_MILESTONE_ARGUMENT_INVALID(Fault.CLIENT_RECOVERABLE),

    /** Quire: the op would make the document larger than the server allows. */
    ERR_DOC_TOO_LARGE(Fault.CLIENT_RECOVERABLE),
    /** Quire: too many messages or ops in too short a time; the client may retry later. */
    ERR_RATE_LIMITED(Fault.CLIENT_RECOVERABLE),
    /** Quire: the connection has reached its limit of subscribed documents or presence channels. */
    ERR_TOO_MANY_SUBSCRIPTIONS(Fault.CLIENT_RECOVERABLE),
    /** Quire: the connection's user may not read or write this document. */
    ERR_ACCESS_DENIED(Fault.CLIENT_RECOVERABLE),

    // ---- Client's fault, fatal: the connection cannot go on, so the server replies if it can and closes.

    /**
     * The handshake asks for a protocol other than 1.x. The client itself raises this on a bad {@code hs}
     * reply and never connects, so the server closes.
     */
    ERR_PROTOCOL_VERSION_NOT_SUPPORTED(Fault.CLIENT_FATAL),
    /**
     * The default type does not match. Only the client raises it (when the server's {@code hs} names another
     * default type); listed so logs can name it.
     */
    ERR_DEFAULT_TYPE_MISMATCH(Fault.CLIENT_FATAL),
    /** The handshake's client id is not a usable string. */
    ERR_CLIENT_ID_BADLY_FORMED(Fault.CLIENT_FATAL),
    /** Quire: a frame larger than the server accepts; it is not parsed. */
    ERR_MESSAGE_TOO_LARGE(Fault.CLIENT_FATAL),

    // ---- Server's fault: answered with an error reply and logged; the message must not leak internals.

    /** Ops between the submitted op's base version and the head are missing from storage. */
    ERR_SUBMIT_TRANSFORM_OPS_NOT_FOUND(Fault.SERVER_INTERNAL),
    /** Transform did not bring the op to the expected version (a bug). */
    ERR_OP_VERSION_MISMATCH_DURING_TRANSFORM(Fault.SERVER_INTERNAL),
    /** The op did not end up at the head version after transform (a bug). */
    ERR_OP_VERSION_MISMATCH_AFTER_TRANSFORM(Fault.SERVER_INTERNAL),
    /** The submit lost too many commit races. */
    ERR_MAX_SUBMIT_RETRIES_EXCEEDED(Fault.SERVER_INTERNAL),
    /** ShareDB's code for errors without one (it sends it for string errors). */
    ERR_UNKNOWN_ERROR(Fault.SERVER_INTERNAL),
    /** Quire: something failed inside the server (storage, a bug); the details are in the server log. */
    ERR_INTERNAL(Fault.SERVER_INTERNAL);

    /** Who caused an error, which decides what the server does about it. */
    public enum Fault {
        /** The client's request was wrong; reply with the error and carry on. */
        CLIENT_RECOVERABLE,
        /** The client cannot continue on this connection; reply if there is a request to echo, then close. */
        CLIENT_FATAL,
        /** The server failed; reply with the error, log it, carry on. */
        SERVER_INTERNAL
    }

    private final Fault fault;

    ErrorCode(Fault fault) {
        this.fault = fault;
    }

    public Fault fault() {
        return fault;
    }

    /** True when the server must close the connection after reporting this error. */
    public boolean isFatal() {
        return fault == Fault.CLIENT_FATAL;
    }
}
